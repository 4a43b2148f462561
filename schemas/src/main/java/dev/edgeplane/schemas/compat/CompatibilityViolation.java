package dev.edgeplane.schemas.compat;

import dev.edgeplane.schemas.catalog.CompatibilityMode;
import org.apache.avro.SchemaCompatibility.SchemaIncompatibilityType;

/**
 * One rule that a candidate schema breaks against one earlier version.
 *
 * @param schemaName full name of the candidate schema, such as dev.edgeplane.event.telemetry.NodeMetrics
 * @param mode the mode that was checked, such as FULL_TRANSITIVE
 * @param direction the part of the mode that failed: BACKWARD or FORWARD
 * @param version number of the earlier version, counted from 1
 * @param type Avro's kind of incompatibility
 * @param location JSON pointer into the reader schema where Avro found the problem, such as
 *     {@code /fields/4/type}
 * @param fieldPath dotted path of the field at that location, such as {@code source.kind}, or an
 *     empty string when the location is the record itself
 * @param detail Avro's message for the incompatibility
 */
public record CompatibilityViolation(
        String schemaName,
        CompatibilityMode mode,
        Direction direction,
        int version,
        SchemaIncompatibilityType type,
        String location,
        String fieldPath,
        String detail) {

    /** The reading side that fails. */
    public enum Direction {
        /** The new schema cannot read data written with the earlier version. */
        BACKWARD,
        /** The earlier version cannot read data written with the new schema. */
        FORWARD
    }

    /** Returns a one-line explanation with the schema, the rule, the field and a fix. */
    public String describe() {
        String rule = direction == Direction.BACKWARD
                ? "the new schema cannot read data written with version " + version
                : "readers still on version " + version + " cannot read data written with the new schema";
        String field = fieldPath.isEmpty() ? "the record" : "field '" + fieldPath + "'";
        return schemaName + " breaks " + direction + " compatibility (part of " + mode + ") with version "
                + version + ": " + rule + ". At " + field + " (" + location + "): " + explain() + ".";
    }

    private String explain() {
        return switch (type) {
            case READER_FIELD_MISSING_DEFAULT_VALUE -> "reader field '" + detail
                    + "' has no default value and the writer does not have it; give the field a default";
            case MISSING_ENUM_SYMBOLS -> "the reader enum lacks symbols " + detail
                    + " and has no default symbol; keep the symbols or give the enum a default";
            case MISSING_UNION_BRANCH -> "the reader union has no branch for " + detail
                    + "; keep the branch in the union";
            case TYPE_MISMATCH -> "types differ (" + detail + "); add a new field instead of changing the type";
            case NAME_MISMATCH -> "names differ (" + detail + "); keep the name or add an alias";
            case FIXED_SIZE_MISMATCH -> "fixed sizes differ (" + detail + ")";
            default -> type + ": " + detail;
        };
    }

    @Override
    public String toString() {
        return describe();
    }
}
