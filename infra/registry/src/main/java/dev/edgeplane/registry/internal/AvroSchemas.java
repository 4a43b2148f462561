package dev.edgeplane.registry.internal;

import org.apache.avro.Schema;

/** Parses Avro schema text into the canonical form under which the registry stores it. */
public final class AvroSchemas {

    private AvroSchemas() {
    }

    /**
     * Parses {@code text} with a fresh parser, so named types of one schema never leak into another.
     * Avro's parser also checks names and that field defaults match their types.
     *
     * @throws InvalidSchemaException with Avro's reason if the text is not a valid Avro schema
     */
    public static Schema parse(String text) {
        if (text == null || text.isBlank()) {
            throw new InvalidSchemaException("Invalid schema: the schema is empty.");
        }
        try {
            return new Schema.Parser().parse(text);
        } catch (RuntimeException e) {
            // Avro throws SchemaParseException for most faults, but AvroTypeException or
            // IllegalArgumentException for some bad defaults and names.
            throw new InvalidSchemaException("Invalid schema: " + e.getMessage());
        }
    }

    /** Returns the canonical text of a parsed schema: Avro's full JSON form, without whitespace. */
    public static String canonical(Schema schema) {
        return schema.toString();
    }

    /** Schema text that Avro cannot parse. */
    public static final class InvalidSchemaException extends RuntimeException {
        public InvalidSchemaException(String message) {
            super(message);
        }
    }
}
