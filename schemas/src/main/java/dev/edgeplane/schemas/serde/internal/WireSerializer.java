package dev.edgeplane.schemas.serde.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import dev.edgeplane.schemas.registry.SchemaRegistryException;
import dev.edgeplane.schemas.serde.SubjectNames;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericContainer;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.EncoderFactory;
import org.apache.kafka.common.errors.SerializationException;

/**
 * Writes Avro records in the Confluent wire format, looking up or registering their schema under
 * the topic's subject. Thread-safe: the caches are concurrent and each call uses its own buffer.
 */
public final class WireSerializer {

    private static final int INITIAL_BUFFER_SIZE = 128;
    private static final byte[] HEADER_PLACEHOLDER = new byte[WireFormat.HEADER_SIZE];

    private final CachedSchemaRegistry registry;
    private final Function<Schema, DatumWriter<Object>> writerFactory;
    private final boolean key;
    private final boolean autoRegister;
    private final Map<Schema, DatumWriter<Object>> writers = new ConcurrentHashMap<>();
    // Ids per topic and schema: topic strings and schemas cache their hash codes, so a hit allocates
    // nothing, unlike building the subject name on every call.
    private final Map<String, Map<Schema, Integer>> idsByTopic = new ConcurrentHashMap<>();

    /**
     * @param writerFactory creates the datum writer for a schema, specific or generic
     * @param key whether this serializer writes record keys, which selects the {@code -key} subject
     * @param autoRegister whether to register a schema missing from its subject
     */
    public WireSerializer(CachedSchemaRegistry registry, Function<Schema, DatumWriter<Object>> writerFactory,
            boolean key, boolean autoRegister) {
        this.registry = registry;
        this.writerFactory = writerFactory;
        this.key = key;
        this.autoRegister = autoRegister;
    }

    /**
     * Serializes a record; a null record gives null, the tombstone of a compacted topic. Blocks on
     * the registry the first time a schema is seen.
     *
     * @throws SerializationException when the record does not match its schema or the schema is
     *     not registered while auto-registration is off
     * @throws SchemaRegistryException when the registry fails otherwise
     */
    public byte[] serialize(String topic, GenericContainer record) {
        if (record == null) {
            return null;
        }

        Schema schema = record.getSchema();
        int id = schemaId(topic, schema);
        ByteArrayOutputStream out = new ByteArrayOutputStream(INITIAL_BUFFER_SIZE);
        out.write(HEADER_PLACEHOLDER, 0, WireFormat.HEADER_SIZE);
        try {
            // A direct encoder, because the buffered one allocates a 2 KiB buffer per call (the Avro
            // 1.12 default) and a byte array stream needs no buffering.
            BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
            writers.computeIfAbsent(schema, writerFactory).write(record, encoder);
            encoder.flush();
        } catch (IOException | RuntimeException e) {
            throw new SerializationException("Failed to serialize a " + schema.getFullName() + " record "
                    + part() + " for topic '" + topic + "': " + e + ". Fix the record so that it matches its schema.", e);
        }

        byte[] bytes = out.toByteArray();
        WireFormat.writeHeader(bytes, id);
        return bytes;
    }

    private int schemaId(String topic, Schema schema) {
        Map<Schema, Integer> ids = idsByTopic.get(topic);
        if (ids == null) {
            ids = idsByTopic.computeIfAbsent(topic, unused -> new ConcurrentHashMap<>());
        }
        Integer id = ids.get(schema);
        if (id == null) {
            id = lookUpOrRegister(topic, schema);
            ids.put(schema, id);
        }
        return id;
    }

    private int lookUpOrRegister(String topic, Schema schema) {
        String subject = SubjectNames.subject(topic, key);
        try {
            return registry.idFor(subject, schema, autoRegister);
        } catch (SchemaRegistryException e) {
            if (!autoRegister && e.isNotFound()) {
                throw new SerializationException("Schema " + schema.getFullName() + " is not registered under subject '"
                        + subject + "' and auto.register.schemas is false: register the schema first or set"
                        + " auto.register.schemas=true", e);
            }
            throw e;
        }
    }

    private String part() {
        return key ? "key" : "value";
    }
}
