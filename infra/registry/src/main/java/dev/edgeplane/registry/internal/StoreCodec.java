package dev.edgeplane.registry.internal;

import java.io.IOException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.edgeplane.registry.CompatibilityLevel;

/**
 * Encodes and decodes records of the schemas topic as JSON.
 *
 * <p>The layout is the one the Confluent Schema Registry uses in its own {@code _schemas} topic, so
 * either registry can read a topic the other wrote for the record kinds they share:
 * <ul>
 *   <li>schema key {@code {"keytype":"SCHEMA","subject":S,"version":V,"magic":1}}, value
 *       {@code {"subject":S,"version":V,"id":N,"schema":"...","deleted":false}};</li>
 *   <li>config key {@code {"keytype":"CONFIG","subject":S or null,"magic":0}}, value
 *       {@code {"compatibilityLevel":"BACKWARD"}}, or no value to remove the setting.</li>
 * </ul>
 * Keys are unique per subject and version, so compaction keeps the latest state of each version.
 */
public final class StoreCodec {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String SCHEMA_KEY_TYPE = "SCHEMA";
    private static final String CONFIG_KEY_TYPE = "CONFIG";

    private StoreCodec() {
    }

    public static byte[] key(StoreEntry entry) {
        ObjectNode key = MAPPER.createObjectNode();
        if (entry instanceof StoreEntry.SchemaVersion version) {
            key.put("keytype", SCHEMA_KEY_TYPE).put("subject", version.subject()).put("version", version.version()).put("magic", 1);
        } else if (entry instanceof StoreEntry.CompatibilityConfig config) {
            key.put("keytype", CONFIG_KEY_TYPE).put("subject", config.subject()).put("magic", 0);
        } else {
            throw new IllegalArgumentException("Only schema versions and compatibility settings are written, not " + entry);
        }
        return bytes(key);
    }

    /** Returns the record value, or null for a tombstone. */
    public static byte[] value(StoreEntry entry) {
        if (entry instanceof StoreEntry.SchemaVersion version) {
            ObjectNode value = MAPPER.createObjectNode()
                    .put("subject", version.subject())
                    .put("version", version.version())
                    .put("id", version.id())
                    .put("schema", version.schema())
                    .put("deleted", version.deleted());
            return bytes(value);
        }
        if (entry instanceof StoreEntry.CompatibilityConfig config) {
            return config.level() == null ? null : bytes(MAPPER.createObjectNode().put("compatibilityLevel", config.level().name()));
        }
        throw new IllegalArgumentException("Only schema versions and compatibility settings are written, not " + entry);
    }

    /**
     * Decodes one record.
     *
     * @return the entry; a schema key without a value decodes as a {@link StoreEntry.RemovedVersion}
     * @throws InvalidStoreRecordException if the key or value is not in the layout above
     */
    public static StoreEntry decode(byte[] keyBytes, byte[] valueBytes) {
        JsonNode key = parse(keyBytes, "key");
        String keyType = key.path("keytype").asText("");
        switch (keyType) {
            case SCHEMA_KEY_TYPE:
                return valueBytes == null ? decodeRemoved(key) : decodeSchema(parse(valueBytes, "value"));
            case CONFIG_KEY_TYPE:
                return decodeConfig(key, valueBytes);
            default:
                return new StoreEntry.Ignored(keyType);
        }
    }

    private static StoreEntry.SchemaVersion decodeSchema(JsonNode value) {
        JsonNode subject = value.get("subject");
        JsonNode version = value.get("version");
        JsonNode id = value.get("id");
        JsonNode schema = value.get("schema");
        if (subject == null || !subject.isTextual() || version == null || !version.canConvertToInt()
                || id == null || !id.canConvertToInt() || schema == null || !schema.isTextual()) {
            throw new InvalidStoreRecordException("schema value lacks a textual subject or schema or an integer version or id");
        }
        String schemaType = value.path("schemaType").asText("AVRO");
        if (!"AVRO".equals(schemaType)) {
            throw new InvalidStoreRecordException("schema type " + schemaType + " is not supported, only AVRO");
        }
        return new StoreEntry.SchemaVersion(subject.asText(), version.asInt(), id.asInt(), schema.asText(),
                value.path("deleted").asBoolean(false));
    }

    private static StoreEntry.RemovedVersion decodeRemoved(JsonNode key) {
        JsonNode subject = key.get("subject");
        JsonNode version = key.get("version");
        if (subject == null || !subject.isTextual() || version == null || !version.canConvertToInt()) {
            throw new InvalidStoreRecordException("schema key lacks a textual subject or an integer version");
        }
        return new StoreEntry.RemovedVersion(subject.asText(), version.asInt());
    }

    private static StoreEntry.CompatibilityConfig decodeConfig(JsonNode key, byte[] valueBytes) {
        JsonNode subjectNode = key.get("subject");
        String subject = subjectNode == null || subjectNode.isNull() ? null : subjectNode.asText();
        if (valueBytes == null) {
            return new StoreEntry.CompatibilityConfig(subject, null);
        }
        String levelName = parse(valueBytes, "value").path("compatibilityLevel").asText(null);
        CompatibilityLevel level = CompatibilityLevel.parse(levelName)
                .orElseThrow(() -> new InvalidStoreRecordException("config value has no valid compatibilityLevel: " + levelName));
        return new StoreEntry.CompatibilityConfig(subject, level);
    }

    private static JsonNode parse(byte[] bytes, String part) {
        if (bytes == null) {
            throw new InvalidStoreRecordException("the record has no " + part);
        }
        try {
            JsonNode node = MAPPER.readTree(bytes);
            if (node == null || !node.isObject()) {
                throw new InvalidStoreRecordException("the record " + part + " is not a JSON object");
            }
            return node;
        } catch (IOException e) {
            throw new InvalidStoreRecordException("the record " + part + " is not valid JSON: " + e.getMessage());
        }
    }

    private static byte[] bytes(JsonNode node) {
        try {
            return MAPPER.writeValueAsBytes(node);
        } catch (IOException e) {
            throw new IllegalStateException("Jackson failed to write a JSON tree to bytes", e);
        }
    }

    /** A record of the schemas topic that does not follow the layout described on {@link StoreCodec}. */
    public static final class InvalidStoreRecordException extends RuntimeException {
        public InvalidStoreRecordException(String message) {
            super(message);
        }
    }
}
