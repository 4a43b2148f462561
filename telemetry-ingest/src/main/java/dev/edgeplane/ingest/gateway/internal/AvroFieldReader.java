package dev.edgeplane.ingest.gateway.internal;

import java.time.Instant;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;

/**
 * Builds an event record from a JSON object by walking the event's Avro schema, so that the JSON
 * names and types follow the schemas without a second, hand-kept list of fields. Every schema field
 * except {@code receiveTime} and {@code source}, which the gateway sets, is read: a field with a
 * default may be left out, any other must be present. Names not in the schema are rejected, so a
 * misspelt optional field does not vanish silently. Stateless.
 */
final class AvroFieldReader {

    /** Fields the gateway sets itself; a sender must not send them. */
    static final Set<String> GATEWAY_FIELDS = Set.of("receiveTime", "source");

    private static final Set<String> ENVELOPE_FIELDS = Set.of("type", "id");

    private AvroFieldReader() {
    }

    /** Returns a {@link Candidate}, or a {@link Rejection} naming the first field at fault. */
    static Object read(int index, String id, EventType type, JsonNode event) {
        Schema schema = type.schema();
        Iterator<String> names = event.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (ENVELOPE_FIELDS.contains(name)) {
                continue;
            }
            if (GATEWAY_FIELDS.contains(name)) {
                return new Rejection(index, id, name, event.get(name).toString(), RejectCode.UNKNOWN_FIELD,
                        "Field " + name + " is set by the gateway; leave it out.");
            }
            if (schema.getField(name) == null) {
                return new Rejection(index, id, name, event.get(name).toString(), RejectCode.UNKNOWN_FIELD, "Unknown field "
                        + name + " for " + type.wireName() + "; the fields are those of the " + schema.getName()
                        + " Avro schema.");
            }
        }

        SpecificRecord record = type.newRecord();
        for (Schema.Field field : schema.getFields()) {
            if (GATEWAY_FIELDS.contains(field.name())) {
                continue;
            }
            JsonNode node = event.get(field.name());
            try {
                Object value = node == null ? defaultOf(field) : value(field.schema(), node);
                record.put(field.pos(), value);
            } catch (FieldException e) {
                return new Rejection(index, id, field.name(), node == null ? null : node.toString(), e.code, e.getMessage());
            }
        }
        return new Candidate(index, id, type, record);
    }

    private static Object defaultOf(Schema.Field field) throws FieldException {
        if (!field.hasDefaultValue()) {
            throw new FieldException(RejectCode.MISSING_FIELD, "Missing field " + field.name() + ": " + field.doc());
        }
        return SpecificData.get().deepCopy(field.schema(), SpecificData.get().getDefaultValue(field));
    }

    private static Object value(Schema schema, JsonNode node) throws FieldException {
        switch (schema.getType()) {
            case UNION:
                return unionValue(schema, node);
            case STRING:
                if (!node.isTextual()) {
                    throw typeError("a string", node);
                }
                return node.asText();
            case INT:
                if (!node.isIntegralNumber() || !node.canConvertToInt()) {
                    throw typeError("a whole number from " + Integer.MIN_VALUE + " to " + Integer.MAX_VALUE, node);
                }
                return node.intValue();
            case LONG:
                if (!node.isIntegralNumber() || !node.canConvertToLong()) {
                    throw typeError("a whole number", node);
                }
                return schema.getLogicalType() instanceof LogicalTypes.TimestampMillis
                        ? Instant.ofEpochMilli(node.longValue()) : (Object) node.longValue();
            case DOUBLE:
                return doubleValue(node);
            case ENUM:
                if (!node.isTextual() || !schema.hasEnumSymbol(node.asText())) {
                    throw typeError("one of " + schema.getEnumSymbols(), node);
                }
                return SpecificData.get().createEnum(node.asText(), schema);
            case MAP:
                return mapValue(schema, node);
            default:
                throw new IllegalStateException("The gateway cannot read Avro type " + schema.getType()
                        + " from JSON; extend AvroFieldReader for it.");
        }
    }

    private static Object unionValue(Schema schema, JsonNode node) throws FieldException {
        if (node.isNull()) {
            for (Schema branch : schema.getTypes()) {
                if (branch.getType() == Schema.Type.NULL) {
                    return null;
                }
            }
            throw typeError("a value, not null", node);
        }
        for (Schema branch : schema.getTypes()) {
            if (branch.getType() != Schema.Type.NULL) {
                return value(branch, node);
            }
        }
        throw typeError("null", node);
    }

    private static double doubleValue(JsonNode node) throws FieldException {
        if (!node.isNumber()) {
            throw typeError("a number", node);
        }
        double value = node.doubleValue();
        if (!Double.isFinite(value)) {
            throw new FieldException(RejectCode.OUT_OF_RANGE, "Expected a finite number, got " + shortText(node) + ".");
        }
        return value;
    }

    private static Map<String, Object> mapValue(Schema schema, JsonNode node) throws FieldException {
        if (!node.isObject()) {
            throw typeError("an object of named values", node);
        }
        Map<String, Object> values = new HashMap<>();
        Iterator<Map.Entry<String, JsonNode>> entries = node.fields();
        while (entries.hasNext()) {
            Map.Entry<String, JsonNode> entry = entries.next();
            if (entry.getKey().isBlank()) {
                throw new FieldException(RejectCode.INVALID_TYPE, "A map key must not be empty.");
            }
            values.put(entry.getKey(), value(schema.getValueType(), entry.getValue()));
        }
        return values;
    }

    private static FieldException typeError(String expected, JsonNode node) {
        return new FieldException(RejectCode.INVALID_TYPE, "Expected " + expected + ", got " + shortText(node) + ".");
    }

    private static String shortText(JsonNode node) {
        return JsonBatchReader.shorten(node.toString());
    }

    /** A field that does not match its schema; carries the reason code. */
    private static final class FieldException extends Exception {
        private final transient RejectCode code;

        FieldException(RejectCode code, String message) {
            super(message, null, false, false);
            this.code = code;
        }
    }
}
