package dev.edgeplane.ingest.gateway.internal;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.SerializedString;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;

/**
 * Reads one well-formed event straight from the token stream into its Avro record, without a
 * JSON tree. It handles only events that are fully valid for their schema and whose {@code type}
 * is their first field, as agents and the simulator send them. On anything else it returns null
 * and leaves the parser inside the event; {@link JsonBatchReader} then reads that event as a tree
 * with {@link AvroFieldReader}, which names the field at fault. Both paths build the same record
 * for a valid event. Thread-safe: the plans are immutable and each call uses the caller's parser.
 */
final class StreamingEventReader {

    /** Conversion of a field's JSON value to its Avro value. */
    private enum Kind { STRING, INT, LONG, TIMESTAMP, DOUBLE, ENUM, MAP, UNSUPPORTED }

    /**
     * One schema field: its bit in the mask of fields present, value kind, whether JSON null is allowed (a union with
     * null), the enum constants by symbol, and the plan of a map's values.
     */
    private record FieldPlan(Schema.Field field, SerializableString jsonName, int slot, Kind kind, boolean nullable,
            Map<String, Object> symbols, FieldPlan values) {
    }

    /** The fields of one event type by JSON name, and in schema order (by slot). */
    private record TypePlan(Map<String, FieldPlan> byName, List<FieldPlan> fields) {
    }

    private static final SerializableString TYPE_NAME = new SerializedString("type");
    private static final SerializableString ID_NAME = new SerializedString("id");

    private final Map<EventType, TypePlan> plans = new EnumMap<>(EventType.class);

    StreamingEventReader() {
        for (EventType type : EventType.values()) {
            Map<String, FieldPlan> byName = new HashMap<>();
            List<FieldPlan> inOrder = new ArrayList<>();
            for (Schema.Field field : type.schema().getFields()) {
                if (!AvroFieldReader.GATEWAY_FIELDS.contains(field.name())) {
                    FieldPlan plan = plan(field, inOrder.size(), field.schema());
                    byName.put(field.name(), plan);
                    inOrder.add(plan);
                }
            }
            if (byName.size() > Long.SIZE) {
                throw new IllegalStateException("Event type " + type.wireName() + " has more than " + Long.SIZE
                        + " fields, more than the mask of fields present can hold; widen the mask.");
            }
            plans.put(type, new TypePlan(byName, List.copyOf(inOrder)));
        }
    }

    private static FieldPlan plan(Schema.Field field, int slot, Schema schema) {
        boolean nullable = false;
        if (schema.getType() == Schema.Type.UNION) {
            List<Schema> branches = schema.getTypes();
            if (branches.size() != 2 || branches.get(0).getType() != Schema.Type.NULL) {
                return new FieldPlan(field, new SerializedString(field.name()), slot, Kind.UNSUPPORTED, false, Map.of(), null);
            }
            nullable = true;
            schema = branches.get(1);
        }
        Map<String, Object> symbols = Map.of();
        FieldPlan values = null;
        Kind kind = switch (schema.getType()) {
            case STRING -> Kind.STRING;
            case INT -> Kind.INT;
            case LONG -> schema.getLogicalType() instanceof LogicalTypes.TimestampMillis ? Kind.TIMESTAMP : Kind.LONG;
            case DOUBLE -> Kind.DOUBLE;
            case ENUM -> Kind.ENUM;
            case MAP -> Kind.MAP;
            default -> Kind.UNSUPPORTED;
        };
        if (kind == Kind.ENUM) {
            Map<String, Object> bySymbol = new HashMap<>();
            for (String symbol : schema.getEnumSymbols()) {
                bySymbol.put(symbol, SpecificData.get().createEnum(symbol, schema));
            }
            symbols = Map.copyOf(bySymbol);
        } else if (kind == Kind.MAP) {
            values = plan(field, slot, schema.getValueType());
            if (values.nullable() || values.kind() == Kind.MAP || values.kind() == Kind.UNSUPPORTED) {
                kind = Kind.UNSUPPORTED;
            }
        }
        return new FieldPlan(field, new SerializedString(field.name()), slot, kind, nullable, symbols, values);
    }

    /**
     * Reads the event whose START_OBJECT is the parser's current token.
     *
     * @return the event, with the parser on its END_OBJECT; or null when the event needs the tree
     *     path, with the parser on some token inside the event
     * @throws IOException when the JSON itself is malformed, which fails the whole batch
     */
    Candidate read(int index, JsonParser parser) throws IOException {
        if (!parser.nextFieldName(TYPE_NAME) || parser.nextToken() != JsonToken.VALUE_STRING) {
            return null;
        }
        EventType type = EventType.fromWireName(parser.getText()).orElse(null);
        if (type == null) {
            return null;
        }

        TypePlan plan = plans.get(type);
        SpecificRecord record = type.newRecord();
        String id = null;
        long present = 0;
        // Senders put the id after the type and the fields in schema order. So the parser is asked
        // to match the expected name, which skips its symbol table. Any other order still works.
        boolean advanced = !parser.nextFieldName(ID_NAME);
        if (!advanced) {
            id = idValue(parser);
            if (id == null) {
                return null;
            }
        }
        FieldPlan expected = plan.fields().isEmpty() ? null : plan.fields().get(0);
        while (true) {
            FieldPlan field = null;
            if (!advanced && expected != null && parser.nextFieldName(expected.jsonName())) {
                field = expected;
            } else if (!advanced && expected == null) {
                parser.nextToken();
            }
            advanced = false;
            if (field == null) {
                if (parser.currentToken() != JsonToken.FIELD_NAME) {
                    break;
                }
                String name = parser.currentName();
                if (name.equals("id")) {
                    if (id != null) {
                        return null;
                    }
                    id = idValue(parser);
                    if (id == null) {
                        return null;
                    }
                    continue;
                }
                field = plan.byName().get(name);
                if (field == null) {
                    return null;
                }
            }
            // The body's parser lets duplicate fields through; the tree path rejects the event.
            if ((present & 1L << field.slot()) != 0) {
                return null;
            }

            Object value = value(field, parser.nextToken(), parser);
            if (value == INVALID) {
                return null;
            }
            record.put(field.field().pos(), value);
            present |= 1L << field.slot();
            expected = field.slot() + 1 < plan.fields().size() ? plan.fields().get(field.slot() + 1) : null;
        }
        if (parser.currentToken() != JsonToken.END_OBJECT || id == null) {
            return null;
        }
        if (Long.bitCount(present) < plan.fields().size() && !fillDefaults(plan, record, present)) {
            return null;
        }
        return new Candidate(index, id, type, record);
    }

    /** Returns the id whose FIELD_NAME is the current token, or null when it is not a valid id. */
    private static String idValue(JsonParser parser) throws IOException {
        if (parser.nextToken() != JsonToken.VALUE_STRING || JsonBatchReader.invalidId(parser.getText())) {
            return null;
        }
        return parser.getText();
    }

    /** Marks a value that the fast path does not take; never stored. */
    private static final Object INVALID = new Object();

    private static Object value(FieldPlan field, JsonToken token, JsonParser parser) throws IOException {
        if (token == JsonToken.VALUE_NULL) {
            return field.nullable() ? null : INVALID;
        }
        switch (field.kind()) {
            case STRING:
                return token == JsonToken.VALUE_STRING ? parser.getText() : INVALID;
            case INT:
                return token == JsonToken.VALUE_NUMBER_INT && parser.getNumberType() == JsonParser.NumberType.INT
                        ? (Object) parser.getIntValue() : INVALID;
            case LONG:
            case TIMESTAMP:
                if (token != JsonToken.VALUE_NUMBER_INT || parser.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
                    return INVALID;
                }
                return field.kind() == Kind.TIMESTAMP ? Instant.ofEpochMilli(parser.getLongValue())
                        : (Object) parser.getLongValue();
            case DOUBLE:
                return doubleValue(token, parser);
            case ENUM:
                return token == JsonToken.VALUE_STRING ? field.symbols().getOrDefault(parser.getText(), INVALID) : INVALID;
            case MAP:
                return mapValue(field, token, parser);
            default:
                return INVALID;
        }
    }

    private static Object doubleValue(JsonToken token, JsonParser parser) throws IOException {
        if (token == JsonToken.VALUE_NUMBER_INT && parser.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
            return INVALID;
        }
        if (token != JsonToken.VALUE_NUMBER_INT && token != JsonToken.VALUE_NUMBER_FLOAT) {
            return INVALID;
        }
        double value = parser.getDoubleValue();
        return Double.isFinite(value) ? (Object) value : INVALID;
    }

    private static Object mapValue(FieldPlan field, JsonToken token, JsonParser parser) throws IOException {
        if (token != JsonToken.START_OBJECT) {
            return INVALID;
        }
        Map<String, Object> map = new HashMap<>();
        for (String key = parser.nextFieldName(); key != null; key = parser.nextFieldName()) {
            Object value = value(field.values(), parser.nextToken(), parser);
            if (key.isBlank() || value == INVALID || map.containsKey(key)) {
                return INVALID;
            }
            map.put(key, value);
        }
        return parser.currentToken() == JsonToken.END_OBJECT ? map : INVALID;
    }

    /** Sets the schema default of every field not in {@code present}; returns false if one has none. */
    private static boolean fillDefaults(TypePlan plan, SpecificRecord record, long present) {
        for (FieldPlan field : plan.fields()) {
            if ((present & 1L << field.slot()) != 0) {
                continue;
            }
            Schema.Field schemaField = field.field();
            if (!schemaField.hasDefaultValue()) {
                return false;
            }
            // A copy, because a default such as an empty map is mutable and records must not share it.
            record.put(schemaField.pos(), SpecificData.get().deepCopy(schemaField.schema(),
                    SpecificData.get().getDefaultValue(schemaField)));
        }
        return true;
    }
}
