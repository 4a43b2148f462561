package dev.edgeplane.registry.internal;

import java.util.ArrayList;
import java.util.List;

import dev.edgeplane.registry.CompatibilityLevel;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.Incompatibility;

/**
 * Checks a candidate schema against earlier versions of a subject with Avro's reader/writer
 * schema resolution ({@link SchemaCompatibility#checkReaderWriterCompatibility}).
 *
 * <p>Backward checks read data written with an earlier version using the candidate as the reader
 * schema; forward checks read data written with the candidate using the earlier version as the
 * reader. The result lists one message per Avro incompatibility of the first earlier version that
 * fails, newest first, then that version's number and text and the level applied. The messages keep
 * the shape the Confluent registry uses in its verbose compatibility response:
 * {@code {errorType:'TYPE', description:'...', additionalInfo:'...'}}.
 */
public final class CompatibilityChecker {

    /** An earlier version of the subject together with its parsed schema. */
    public record Earlier(int version, StoredSchema schema) {
    }

    private CompatibilityChecker() {
    }

    /**
     * Checks {@code candidate} under {@code level}.
     *
     * @param earlier the versions to check against, newest first; the caller keeps only the latest
     *                one unless the level is transitive
     * @return no messages if compatible
     */
    public static List<String> check(CompatibilityLevel level, Schema candidate, List<Earlier> earlier) {
        if (level == CompatibilityLevel.NONE) {
            return List.of();
        }
        for (Earlier existing : earlier) {
            List<String> messages = new ArrayList<>();
            Schema old = existing.schema().avro();
            if (level.checksBackward()) {
                describe(SchemaCompatibility.checkReaderWriterCompatibility(candidate, old), "new", "old", messages);
            }
            if (level.checksForward()) {
                describe(SchemaCompatibility.checkReaderWriterCompatibility(old, candidate), "old", "new", messages);
            }
            if (!messages.isEmpty()) {
                messages.add("{oldSchemaVersion: " + existing.version() + "}");
                messages.add("{oldSchema: '" + existing.schema().canonical() + "'}");
                messages.add("{compatibility: '" + level.name() + "'}");
                return List.copyOf(messages);
            }
        }
        return List.of();
    }

    private static void describe(SchemaCompatibility.SchemaPairCompatibility pair, String reader, String writer, List<String> messages) {
        for (Incompatibility incompatibility : pair.getResult().getIncompatibilities()) {
            messages.add("{errorType:'" + incompatibility.getType()
                    + "', description:'" + description(incompatibility, reader, writer)
                    + "', additionalInfo:'" + incompatibility.getMessage() + "'}");
        }
    }

    /**
     * Describes one Avro incompatibility. {@code reader} and {@code writer} name the role of each
     * schema, "new" or "old", because the same Avro fault reads differently in the two directions.
     */
    static String description(Incompatibility incompatibility, String reader, String writer) {
        String location = incompatibility.getLocation();
        String detail = incompatibility.getMessage();
        switch (incompatibility.getType()) {
            case READER_FIELD_MISSING_DEFAULT_VALUE:
                return String.format("Field '%s' at '%s' of the %s schema has no default value and the %s schema has no such field",
                        detail, location, reader, writer);
            case TYPE_MISMATCH:
                return String.format("The type at '%s' in the %s schema cannot read the type written by the %s schema", location, reader, writer);
            case NAME_MISMATCH:
                return String.format("The name at '%s' differs between the %s and %s schemas and no alias maps it", location, reader, writer);
            case FIXED_SIZE_MISMATCH:
                return String.format("The fixed size at '%s' differs between the %s and %s schemas", location, reader, writer);
            case MISSING_ENUM_SYMBOLS:
                return String.format("The %s schema lacks enum symbols %s at '%s' that the %s schema can write and has no enum default",
                        reader, detail, location, writer);
            case MISSING_UNION_BRANCH:
                return String.format("The %s schema lacks a union branch at '%s' for a type the %s schema can write", reader, location, writer);
            default:
                return String.format("The %s schema cannot read data of the %s schema at '%s'", reader, writer, location);
        }
    }
}
