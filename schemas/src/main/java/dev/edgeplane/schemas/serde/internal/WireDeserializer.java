package dev.edgeplane.schemas.serde.internal;

import java.io.EOFException;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import dev.edgeplane.schemas.registry.SchemaRegistryException;
import dev.edgeplane.schemas.serde.WireFormatException;
import dev.edgeplane.schemas.serde.WireFormatException.Reason;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.Incompatibility;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DecoderFactory;

/**
 * Reads Confluent wire format records, resolving each writer schema to the reader schema. The
 * reader for a schema id is built once, with a compatibility check, and cached. Thread-safe:
 * Avro's datum readers keep their resolvers per thread.
 *
 * @param <T> the type of the records read
 */
public final class WireDeserializer<T> {

    private final CachedSchemaRegistry registry;
    private final Function<Schema, ReaderSchema<T>> readerSchemas;
    private final boolean key;
    private final Map<Integer, Reader<T>> readersById = new ConcurrentHashMap<>();

    /** The schema to read a writer schema as, and a factory for the matching datum reader. */
    public interface ReaderSchema<T> {

        /** Schema the records are read as. */
        Schema schema();

        /** Creates the datum reader that resolves the writer schema to {@link #schema()}. */
        DatumReader<T> createReader(Schema writer);
    }

    /** A cached datum reader, or why the writer schema cannot be read. */
    private record Reader<T>(DatumReader<T> datumReader, Schema writer, String incompatibility) {
    }

    /**
     * @param readerSchemas picks the reader schema for a writer schema, or returns null when none
     *     fits, which makes records of that writer schema invalid
     * @param key whether this deserializer reads record keys, for error messages
     */
    public WireDeserializer(CachedSchemaRegistry registry, Function<Schema, ReaderSchema<T>> readerSchemas,
            boolean key) {
        this.registry = registry;
        this.readerSchemas = readerSchemas;
        this.key = key;
    }

    /**
     * Deserializes a record; null bytes give null. Blocks on the registry the first time a schema id
     * is seen.
     *
     * @throws WireFormatException when the bytes cannot be read as a record of the reader schema
     * @throws SchemaRegistryException when the registry fails for another reason than an unknown id
     */
    public T deserialize(String topic, byte[] data) {
        if (data == null) {
            return null;
        }

        int id = WireFormat.readSchemaId(topic, key, data);
        Reader<T> reader = readersById.get(id);
        if (reader == null) {
            reader = readersById.computeIfAbsent(id, unused -> createReader(topic, id));
        }
        if (reader.incompatibility() != null) {
            throw new WireFormatException(topic, key, Reason.INCOMPATIBLE_SCHEMA, reader.incompatibility(), null);
        }
        return decode(topic, id, reader, data);
    }

    private Reader<T> createReader(String topic, int id) {
        Schema writer = writerSchema(topic, id);
        ReaderSchema<T> readerSchema = readerSchemas.apply(writer);
        if (readerSchema == null) {
            return new Reader<>(null, writer, "no reader schema for writer schema " + writer.getFullName() + " (id " + id
                    + "): put its generated class on the class path or give the deserializer a reader class");
        }
        List<Incompatibility> incompatibilities = SchemaCompatibility
                .checkReaderWriterCompatibility(readerSchema.schema(), writer)
                .getResult()
                .getIncompatibilities();
        if (!incompatibilities.isEmpty()) {
            Incompatibility first = incompatibilities.get(0);
            String reason = "writer schema " + writer.getFullName() + " (id " + id + ") cannot be read as "
                    + readerSchema.schema().getFullName() + ": " + first.getType() + " at " + first.getLocation()
                    + ": " + first.getMessage();
            return new Reader<>(null, writer, reason);
        }
        return new Reader<>(readerSchema.createReader(writer), writer, null);
    }

    private Schema writerSchema(String topic, int id) {
        try {
            return registry.schemaById(id);
        } catch (SchemaRegistryException e) {
            if (e.isNotFound()) {
                throw new WireFormatException(topic, key, Reason.UNKNOWN_SCHEMA_ID,
                        "the schema registry has no schema with id " + id, e);
            }
            throw e;
        }
    }

    private T decode(String topic, int id, Reader<T> reader, byte[] data) {
        BinaryDecoder decoder = DecoderFactory.get()
                .binaryDecoder(data, WireFormat.HEADER_SIZE, data.length - WireFormat.HEADER_SIZE, null);
        T value;
        try {
            value = reader.datumReader().read(null, decoder);
        } catch (EOFException e) {
            throw new WireFormatException(topic, key, Reason.TRUNCATED, "the " + (data.length - WireFormat.HEADER_SIZE)
                    + " payload bytes end before a complete " + reader.writer().getFullName() + " record (schema id "
                    + id + ")", e);
        } catch (SecurityException e) {
            // A class trust problem is a set-up error, not a bad record: never route it to a dead-letter topic.
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new WireFormatException(topic, key, Reason.MALFORMED_PAYLOAD, "the payload does not match writer schema "
                    + reader.writer().getFullName() + " (schema id " + id + "): " + e, e);
        }

        int remaining = remainingBytes(decoder);
        if (remaining > 0) {
            throw new WireFormatException(topic, key, Reason.MALFORMED_PAYLOAD, remaining + " bytes remain after the "
                    + reader.writer().getFullName() + " record (schema id " + id + "); the id does not match the payload",
                    null);
        }
        return value;
    }

    private static int remainingBytes(BinaryDecoder decoder) {
        try {
            if (decoder.isEnd()) {
                return 0;
            }
            return decoder.inputStream().available();
        } catch (IOException e) {
            // Unreachable: a decoder over a byte array does no I/O. Report no remainder.
            return 0;
        }
    }
}
