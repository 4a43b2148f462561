package dev.edgeplane.registry.internal;

import java.io.IOException;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.edgeplane.registry.CompatibilityLevel;

/**
 * Parses request bodies. As in the Confluent registry, a body that is not well-formed JSON or not
 * a JSON object is a 400; well-formed JSON with an invalid schema or level is a 422.
 */
final class RequestBodies {

    private final ObjectMapper mapper;

    RequestBodies(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /** Parses {@code {"schema":"...","schemaType":"AVRO","references":[...]}}. */
    SchemaRequest schemaRequest(ApiRequest request) {
        JsonNode body = object(request);
        JsonNode schema = body.get("schema");
        if (schema == null || schema.isNull()) {
            throw ApiErrors.invalidSchema("Invalid schema: the request body has no 'schema' field; send {\"schema\": \"<Avro schema as a JSON string>\"}.");
        }
        if (!schema.isTextual()) {
            throw ApiErrors.invalidSchema("Invalid schema: 'schema' must be the Avro schema as a JSON string, not a " + schema.getNodeType()
                    + "; escape the schema JSON into a string.");
        }
        JsonNode schemaType = body.get("schemaType");
        if (schemaType != null && !schemaType.isNull() && !schemaType.isTextual()) {
            throw ApiErrors.malformedJson("'schemaType' must be a string such as \"AVRO\".");
        }
        JsonNode references = body.get("references");
        if (references != null && !references.isNull() && !references.isArray()) {
            throw ApiErrors.malformedJson("'references' must be an array.");
        }
        return new SchemaRequest(schema.asText(), schemaType == null || schemaType.isNull() ? null : schemaType.asText(),
                references == null ? 0 : references.size());
    }

    /** Parses {@code {"compatibility":"FULL"}}; {@code compatibilityLevel} is taken as the same field. */
    CompatibilityLevel compatibilityLevel(ApiRequest request) {
        JsonNode body = object(request);
        JsonNode value = body.has("compatibility") ? body.get("compatibility") : body.get("compatibilityLevel");
        if (value == null || value.isNull()) {
            throw new ApiException(422, ApiErrors.INVALID_COMPATIBILITY_LEVEL, "The request body has no 'compatibility' field; send "
                    + "{\"compatibility\": \"<level>\"} with one of " + CompatibilityLevel.validNames() + ".");
        }
        return CompatibilityLevel.parse(value.asText()).orElseThrow(() -> ApiErrors.invalidCompatibilityLevel(value.asText()));
    }

    private JsonNode object(ApiRequest request) {
        MediaTypes.requireAcceptedContentType(request.contentType());
        if (request.body().length == 0) {
            throw ApiErrors.malformedJson("the body is empty; send a JSON object.");
        }
        JsonNode node;
        try {
            node = mapper.readTree(request.body());
        } catch (JsonProcessingException e) {
            throw ApiErrors.malformedJson(e.getOriginalMessage());
        } catch (IOException e) {
            throw ApiErrors.malformedJson(e.getMessage());
        }
        if (node == null || !node.isObject()) {
            throw ApiErrors.malformedJson("expected a JSON object, not " + (node == null ? "nothing" : node.getNodeType()) + ".");
        }
        return node;
    }
}
