package dev.edgeplane.schemas.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.avro.Schema;
import org.apache.avro.data.TimeConversions;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;

/**
 * Writes a datum with one schema and reads it with another, as a consumer on a different schema
 * version would, and compares records field by field across versions.
 */
public final class AvroRoundTrip {

    private AvroRoundTrip() {
    }

    /** Generic data model that reads timestamps as {@code Instant}, like the generated classes. */
    public static GenericData genericModel() {
        GenericData model = new GenericData();
        model.addLogicalTypeConversion(new TimeConversions.TimestampMillisConversion());
        return model;
    }

    /** Encodes a datum as plain Avro binary with a writer schema. */
    public static byte[] write(Schema writer, Object datum, GenericData model) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
        try {
            new GenericDatumWriter<>(writer, model).write(datum, encoder);
            encoder.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** Decodes plain Avro binary written with {@code writer} as {@code reader}. */
    public static Object read(byte[] bytes, Schema writer, Schema reader, GenericData model) {
        try {
            return new GenericDatumReader<>(writer, reader, model).read(null,
                    DecoderFactory.get().binaryDecoder(bytes, null));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Returns a comparable view of a value with only the fields that {@code schema} has, recursively:
     * records become maps by field name, strings, enums and timestamps become plain values.
     */
    public static Object project(Object value, Schema schema) {
        if (value == null) {
            return null;
        }
        switch (schema.getType()) {
            case UNION -> {
                return project(value, branchFor(value, schema));
            }
            case RECORD -> {
                GenericRecord record = (GenericRecord) value;
                Map<String, Object> fields = new LinkedHashMap<>();
                for (Schema.Field field : schema.getFields()) {
                    Schema.Field actual = record.getSchema().getField(field.name());
                    fields.put(field.name(), actual == null ? "<absent>" : project(record.get(actual.pos()), field.schema()));
                }
                return fields;
            }
            case ARRAY -> {
                List<Object> items = new ArrayList<>();
                for (Object item : (Iterable<?>) value) {
                    items.add(project(item, schema.getElementType()));
                }
                return items;
            }
            case MAP -> {
                Map<String, Object> entries = new LinkedHashMap<>();
                ((Map<?, ?>) value).forEach((key, item) -> entries.put(key.toString(), project(item, schema.getValueType())));
                return entries;
            }
            case BYTES -> {
                ByteBuffer buffer = ((ByteBuffer) value).duplicate();
                byte[] bytes = new byte[buffer.remaining()];
                buffer.get(bytes);
                return HexFormat.of().formatHex(bytes);
            }
            case STRING, ENUM -> {
                return value.toString();
            }
            case LONG -> {
                return value instanceof Instant instant ? instant.toEpochMilli() : value;
            }
            default -> {
                return value;
            }
        }
    }

    private static Schema branchFor(Object value, Schema union) {
        for (Schema branch : union.getTypes()) {
            if (branch.getType() == Schema.Type.NULL) {
                continue;
            }
            if (value instanceof GenericRecord record) {
                if (branch.getType() == Schema.Type.RECORD && branch.getName().equals(record.getSchema().getName())) {
                    return branch;
                }
            } else {
                return branch;
            }
        }
        throw new IllegalArgumentException("No branch of " + union + " fits " + value);
    }
}
