package dev.edgeplane.schemas.testing;

import java.util.function.Consumer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.avro.Schema;

/** Edits a schema as JSON, to build the evolved or broken versions that compatibility tests need. */
public final class SchemaVariants {

    private static final ObjectMapper JSON = new ObjectMapper();

    private SchemaVariants() {
    }

    /** Returns a copy of {@code schema} after {@code edit} changed its JSON form. */
    public static Schema edit(Schema schema, Consumer<ObjectNode> edit) {
        try {
            ObjectNode root = (ObjectNode) JSON.readTree(schema.toString());
            edit.accept(root);
            return new Schema.Parser().parse(JSON.writeValueAsString(root));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Invalid schema JSON for " + schema.getFullName(), e);
        }
    }

    /** Appends a field, given as JSON, to a record. */
    public static Schema withField(Schema schema, String fieldJson) {
        return edit(schema, root -> ((ArrayNode) root.get("fields")).add(parse(fieldJson)));
    }

    /** Removes a field from a record. */
    public static Schema withoutField(Schema schema, String fieldName) {
        return edit(schema, root -> {
            ArrayNode fields = (ArrayNode) root.get("fields");
            for (int i = 0; i < fields.size(); i++) {
                if (fields.get(i).get("name").asText().equals(fieldName)) {
                    fields.remove(i);
                    return;
                }
            }
            throw new IllegalArgumentException("No field " + fieldName + " in " + schema.getFullName());
        });
    }

    /** Replaces the type of a field with a type given as JSON. */
    public static Schema withFieldType(Schema schema, String fieldName, String typeJson) {
        return edit(schema, root -> field(root, fieldName).set("type", parse(typeJson)));
    }

    /** Returns the JSON object of a top-level field. */
    public static ObjectNode field(ObjectNode record, String fieldName) {
        for (JsonNode field : record.get("fields")) {
            if (field.get("name").asText().equals(fieldName)) {
                return (ObjectNode) field;
            }
        }
        throw new IllegalArgumentException("No field " + fieldName + " in " + record.get("name"));
    }

    private static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Invalid JSON: " + json, e);
        }
    }
}
