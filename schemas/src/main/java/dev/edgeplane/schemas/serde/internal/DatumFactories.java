package dev.edgeplane.schemas.serde.internal;

import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;

/**
 * Datum readers and writers for the two serde modes. Specific mode uses the data model of the
 * generated class ({@link SpecificData#getForSchema}), which carries the logical type conversions,
 * so timestamps read as {@code Instant}. Generic mode uses {@link GenericData} without conversions,
 * so timestamps read as {@code Long} milliseconds.
 */
public final class DatumFactories {

    private DatumFactories() {
    }

    /** Creates a writer for generated classes of a schema. */
    public static DatumWriter<Object> specificWriter(Schema schema) {
        return new SpecificDatumWriter<>(schema, SpecificData.getForSchema(schema));
    }

    /** Creates a writer for generic records of a schema. */
    public static DatumWriter<Object> genericWriter(Schema schema) {
        return new GenericDatumWriter<>(schema, GenericData.get());
    }

    /** Creates a reader that resolves a writer schema to a generated class's schema. */
    public static <T> DatumReader<T> specificReader(Schema writer, Schema reader) {
        return new SpecificDatumReader<>(writer, reader, SpecificData.getForSchema(reader));
    }

    /** Creates a reader that resolves a writer schema to a reader schema as generic records. */
    public static <T> DatumReader<T> genericReader(Schema writer, Schema reader) {
        return new GenericDatumReader<>(writer, reader, GenericData.get());
    }
}
