package dev.edgeplane.cli;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Collection;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.avro.LogicalType;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericFixed;
import org.apache.avro.generic.GenericRecord;

/**
 * Renders a decoded Avro value as a JSON tree that operators can read and {@code jq} can filter.
 *
 * <p>Unlike Avro's own JSON encoding, a union value is written bare instead of wrapped in a
 * {@code {"type": value}} object, timestamps become ISO-8601 strings in UTC, bytes and fixed values
 * become base64 strings, and a NaN or infinite float becomes a string, because JSON has no such
 * number. The output is for reading, not for decoding back into Avro.
 */
final class AvroJsonRenderer {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private AvroJsonRenderer() {
    }

    /** Renders {@code value}, which was decoded with {@code schema}, as JSON. */
    static JsonNode render(Object value, Schema schema) {
        if (value == null) {
            return NODES.nullNode();
        }
        return switch (schema.getType()) {
            case RECORD -> renderRecord((GenericRecord) value);
            case UNION -> render(value, schema.getTypes().get(GenericData.get().resolveUnion(schema, value)));
            case ARRAY -> renderArray((Collection<?>) value, schema.getElementType());
            case MAP -> renderMap((Map<?, ?>) value, schema.getValueType());
            case ENUM, STRING -> NODES.textNode(value.toString());
            case BYTES -> NODES.textNode(Base64.getEncoder().encodeToString(bytesOf((ByteBuffer) value)));
            case FIXED -> NODES.textNode(Base64.getEncoder().encodeToString(((GenericFixed) value).bytes()));
            case INT -> NODES.numberNode((Integer) value);
            case LONG -> renderLong(value, schema.getLogicalType());
            case FLOAT -> renderFloating(((Float) value).doubleValue());
            case DOUBLE -> renderFloating((Double) value);
            case BOOLEAN -> NODES.booleanNode((Boolean) value);
            case NULL -> NODES.nullNode();
        };
    }

    private static ObjectNode renderRecord(GenericRecord record) {
        ObjectNode node = NODES.objectNode();
        for (Schema.Field field : record.getSchema().getFields()) {
            node.set(field.name(), render(record.get(field.pos()), field.schema()));
        }
        return node;
    }

    private static ArrayNode renderArray(Collection<?> values, Schema elementSchema) {
        ArrayNode node = NODES.arrayNode();
        for (Object element : values) {
            node.add(render(element, elementSchema));
        }
        return node;
    }

    private static ObjectNode renderMap(Map<?, ?> values, Schema valueSchema) {
        ObjectNode node = NODES.objectNode();
        for (Map.Entry<?, ?> entry : values.entrySet()) {
            node.set(entry.getKey().toString(), render(entry.getValue(), valueSchema));
        }
        return node;
    }

    private static JsonNode renderLong(Object value, LogicalType logicalType) {
        // Generic records carry timestamps as epoch numbers; Instant appears when conversions are on.
        if (value instanceof Instant instant) {
            return NODES.textNode(instant.toString());
        }
        long number = (Long) value;
        if (logicalType instanceof LogicalTypes.TimestampMillis) {
            return NODES.textNode(Instant.ofEpochMilli(number).toString());
        }
        if (logicalType instanceof LogicalTypes.TimestampMicros) {
            return NODES.textNode(Instant.EPOCH.plus(number, ChronoUnit.MICROS).toString());
        }
        return NODES.numberNode(number);
    }

    private static JsonNode renderFloating(double value) {
        return Double.isFinite(value) ? NODES.numberNode(value) : NODES.textNode(Double.toString(value));
    }

    private static byte[] bytesOf(ByteBuffer buffer) {
        ByteBuffer copy = buffer.duplicate();
        byte[] bytes = new byte[copy.remaining()];
        copy.get(bytes);
        return bytes;
    }
}
