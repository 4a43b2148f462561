package dev.edgeplane.schemas.compat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.stream.Collectors;

import dev.edgeplane.schemas.catalog.CompatibilityMode;
import dev.edgeplane.schemas.compat.CompatibilityViolation.Direction;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.Incompatibility;

/**
 * Checks a candidate schema against the earlier versions of its subject under a
 * {@link CompatibilityMode} of the topic catalog, with Avro's reader/writer resolution rules
 * ({@link SchemaCompatibility#checkReaderWriterCompatibility}).
 *
 * <p>BACKWARD takes the candidate as reader and an earlier version as writer; FORWARD takes them
 * the other way round. A non-transitive mode checks the latest earlier version only. Stateless and
 * thread-safe; nothing blocks.
 */
public final class CompatibilityChecker {

    private CompatibilityChecker() {
    }

    /**
     * Checks a candidate against earlier versions.
     *
     * @param mode the mode to enforce
     * @param candidate the new schema
     * @param earlierVersions the versions already released, oldest first, so that the schema at
     *     index {@code i} is version {@code i + 1}
     * @return every violation found, in version order; empty when the candidate is compatible
     */
    public static List<CompatibilityViolation> check(
            CompatibilityMode mode, Schema candidate, List<Schema> earlierVersions) {
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(candidate, "candidate");
        Objects.requireNonNull(earlierVersions, "earlierVersions");
        List<CompatibilityViolation> violations = new ArrayList<>();
        if (mode == CompatibilityMode.NONE || earlierVersions.isEmpty()) {
            return violations;
        }

        int first = isTransitive(mode) ? 0 : earlierVersions.size() - 1;
        for (int index = first; index < earlierVersions.size(); index++) {
            Schema earlier = earlierVersions.get(index);
            int version = index + 1;
            if (checksBackward(mode)) {
                collect(violations, mode, Direction.BACKWARD, version, candidate, earlier, candidate);
            }
            if (checksForward(mode)) {
                collect(violations, mode, Direction.FORWARD, version, earlier, candidate, candidate);
            }
        }
        return violations;
    }

    /**
     * Parses a mode name, ignoring case, such as {@code full_transitive}.
     *
     * @throws IllegalArgumentException naming the value and the valid names when it matches none of them
     */
    public static CompatibilityMode parseMode(String name) {
        String normalized = name == null ? "" : name.trim().toUpperCase(Locale.ROOT);
        for (CompatibilityMode mode : CompatibilityMode.values()) {
            if (mode.name().equals(normalized)) {
                return mode;
            }
        }
        String valid = Arrays.stream(CompatibilityMode.values()).map(Enum::name).collect(Collectors.joining(", "));
        throw new IllegalArgumentException("Invalid compatibility mode '" + name + "': use one of " + valid);
    }

    /** Returns whether the new schema must read data written with earlier versions. */
    public static boolean checksBackward(CompatibilityMode mode) {
        return switch (mode) {
            case BACKWARD, BACKWARD_TRANSITIVE, FULL, FULL_TRANSITIVE -> true;
            case NONE, FORWARD, FORWARD_TRANSITIVE -> false;
        };
    }

    /** Returns whether earlier versions must read data written with the new schema. */
    public static boolean checksForward(CompatibilityMode mode) {
        return switch (mode) {
            case FORWARD, FORWARD_TRANSITIVE, FULL, FULL_TRANSITIVE -> true;
            case NONE, BACKWARD, BACKWARD_TRANSITIVE -> false;
        };
    }

    /** Returns whether the check covers every earlier version rather than only the latest. */
    public static boolean isTransitive(CompatibilityMode mode) {
        return switch (mode) {
            case BACKWARD_TRANSITIVE, FORWARD_TRANSITIVE, FULL_TRANSITIVE -> true;
            case NONE, BACKWARD, FORWARD, FULL -> false;
        };
    }

    private static void collect(List<CompatibilityViolation> violations, CompatibilityMode mode,
            Direction direction, int version, Schema reader, Schema writer, Schema candidate) {
        List<Incompatibility> incompatibilities = SchemaCompatibility
                .checkReaderWriterCompatibility(reader, writer)
                .getResult()
                .getIncompatibilities();
        for (Incompatibility incompatibility : incompatibilities) {
            violations.add(new CompatibilityViolation(
                    candidate.getFullName(),
                    mode,
                    direction,
                    version,
                    incompatibility.getType(),
                    incompatibility.getLocation(),
                    fieldPath(reader, incompatibility.getLocation()),
                    incompatibility.getMessage()));
        }
    }

    /**
     * Turns Avro's JSON pointer into the reader schema, such as {@code /fields/3/type/1/fields/0},
     * into a dotted field path, such as {@code realtime.cpus}. Stops at the first segment that does
     * not lead to a nested field, because the rest names a part of a type, not a field.
     */
    static String fieldPath(Schema reader, String location) {
        List<String> names = new ArrayList<>();
        String[] segments = location.split("/");
        Schema current = reader;
        int i = 0;
        while (i < segments.length) {
            String segment = segments[i];
            if (segment.isEmpty() || segment.equals("type")) {
                i++;
            } else if (segment.equals("fields") && i + 1 < segments.length
                    && current.getType() == Schema.Type.RECORD) {
                Schema.Field field = fieldAt(current, segments[i + 1]);
                if (field == null) {
                    break;
                }
                names.add(field.name());
                current = field.schema();
                i += 2;
            } else if (segment.equals("items") && current.getType() == Schema.Type.ARRAY) {
                current = current.getElementType();
                i++;
            } else if (segment.equals("values") && current.getType() == Schema.Type.MAP) {
                current = current.getValueType();
                i++;
            } else if (current.getType() == Schema.Type.UNION && isIndex(segment, current.getTypes().size())) {
                current = current.getTypes().get(Integer.parseInt(segment));
                i++;
            } else {
                break;
            }
        }
        return String.join(".", names);
    }

    private static Schema.Field fieldAt(Schema record, String segment) {
        if (!isIndex(segment, record.getFields().size())) {
            return null;
        }
        return record.getFields().get(Integer.parseInt(segment));
    }

    private static boolean isIndex(String segment, int size) {
        if (segment.isEmpty() || segment.length() > 9 || !segment.chars().allMatch(Character::isDigit)) {
            return false;
        }
        return Integer.parseInt(segment) < size;
    }
}
