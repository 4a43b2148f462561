package dev.edgeplane.registry.internal;

import java.util.Locale;

import org.apache.avro.Schema;

/**
 * The schema part of a register, look-up or compatibility request body:
 * {@code {"schema":"...","schemaType":"AVRO","references":[]}}.
 *
 * @param schemaType null when the body leaves it out, which means AVRO
 * @param referenceCount number of entries in {@code references}
 */
public record SchemaRequest(String schema, String schemaType, int referenceCount) {

    /**
     * Checks the request and parses its schema.
     *
     * @throws ApiException with error code 42201 for another schema type, schema references, or
     *                      text that is not a valid Avro schema
     */
    public Schema parse() {
        if (schemaType != null && !"AVRO".equals(schemaType.toUpperCase(Locale.ROOT))) {
            throw ApiErrors.invalidSchema("Invalid schema type " + schemaType + ": this registry supports AVRO schemas only.");
        }
        if (referenceCount > 0) {
            throw ApiErrors.invalidSchema("Invalid schema: schema references are not supported; inline the referenced types "
                    + "into the schema instead.");
        }
        try {
            return AvroSchemas.parse(schema);
        } catch (AvroSchemas.InvalidSchemaException e) {
            throw ApiErrors.invalidSchema(e.getMessage());
        }
    }
}
