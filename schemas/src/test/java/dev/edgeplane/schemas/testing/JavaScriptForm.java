package dev.edgeplane.schemas.testing;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Iterator;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.IndexedRecord;

/**
 * The JSON that JavaScript's {@code JSON.stringify} writes for an Avro record as avsc decodes it,
 * with timestamp-millis mapped to a {@code Date}: a timestamp becomes an ISO-8601 string with
 * milliseconds, an enum its symbol, a {@code ["null", T]} union null or the bare value.
 *
 * <p>JSON.stringify writes 4.0 as {@code 4}, so both sides compare numbers as doubles:
 * {@link #of} writes every number as a double and {@link #normalized} turns every number it reads
 * into one. Longs up to 2^53 convert exactly, which avsc requires of longs anyway.
 */
public final class JavaScriptForm {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final DateTimeFormatter DATE_TO_JSON = DateTimeFormatter
            .ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private JavaScriptForm() {
    }

    /** Returns the JSON of {@code record}, a generated or generic record whose timestamps are {@code Instant}s or longs. */
    public static JsonNode of(IndexedRecord record) {
        return value(record.getSchema(), record);
    }

    /** Returns a copy of {@code json} with every number as a double, to compare with {@link #of}. */
    public static JsonNode normalized(JsonNode json) {
        if (json.isNumber()) {
            return DoubleNode.valueOf(json.doubleValue());
        }
        if (json.isArray()) {
            ArrayNode array = NODES.arrayNode();
            json.forEach(item -> array.add(normalized(item)));
            return array;
        }
        if (json.isObject()) {
            ObjectNode object = NODES.objectNode();
            for (Iterator<Map.Entry<String, JsonNode>> fields = json.fields(); fields.hasNext();) {
                Map.Entry<String, JsonNode> field = fields.next();
                object.set(field.getKey(), normalized(field.getValue()));
            }
            return object;
        }
        return json;
    }

    private static JsonNode value(Schema schema, Object value) {
        if (schema.getLogicalType() instanceof LogicalTypes.TimestampMillis) {
            Instant instant = value instanceof Instant at ? at : Instant.ofEpochMilli((Long) value);
            return NODES.textNode(DATE_TO_JSON.format(instant));
        }
        return switch (schema.getType()) {
            case RECORD -> record(schema, (IndexedRecord) value);
            case UNION -> value(schema.getTypes().get(GenericData.get().resolveUnion(schema, value)), value);
            case ARRAY -> array(schema, (Iterable<?>) value);
            case NULL -> NODES.nullNode();
            case STRING, ENUM -> NODES.textNode(value.toString());
            case BOOLEAN -> NODES.booleanNode((Boolean) value);
            case INT, LONG, FLOAT, DOUBLE -> DoubleNode.valueOf(((Number) value).doubleValue());
            default -> throw new IllegalArgumentException("No JavaScript form for Avro type " + schema.getType()
                    + "; add one to " + JavaScriptForm.class.getSimpleName());
        };
    }

    private static ObjectNode record(Schema schema, IndexedRecord record) {
        ObjectNode object = NODES.objectNode();
        for (Schema.Field field : schema.getFields()) {
            object.set(field.name(), value(field.schema(), record.get(field.pos())));
        }
        return object;
    }

    private static ArrayNode array(Schema schema, Iterable<?> items) {
        ArrayNode array = NODES.arrayNode();
        items.forEach(item -> array.add(value(schema.getElementType(), item)));
        return array;
    }
}
