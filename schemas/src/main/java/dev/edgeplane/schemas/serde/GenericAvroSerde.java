package dev.edgeplane.schemas.serde;

import java.util.Map;

import dev.edgeplane.schemas.registry.SchemaRegistryClient;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * A {@link Serde} of {@link GenericRecord}s in the Confluent wire format: a
 * {@link GenericAvroSerializer} and a {@link GenericAvroDeserializer}. Configuration and ownership
 * are as for {@link SpecificAvroSerde}.
 */
public class GenericAvroSerde implements Serde<GenericRecord> {

    private final GenericAvroSerializer serializer;
    private final GenericAvroDeserializer deserializer;

    /** Creates a serde that gets its client from {@link #configure} and reads records as written. */
    public GenericAvroSerde() {
        this.serializer = new GenericAvroSerializer();
        this.deserializer = new GenericAvroDeserializer();
    }

    /**
     * Creates a serde for record values.
     *
     * @param readerSchema the schema to resolve every writer schema to, or null to read records as written
     */
    public GenericAvroSerde(SchemaRegistryClient client, Schema readerSchema) {
        this.serializer = new GenericAvroSerializer(client);
        this.deserializer = new GenericAvroDeserializer(client, readerSchema);
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        serializer.configure(configs, isKey);
        deserializer.configure(configs, isKey);
    }

    @Override
    public Serializer<GenericRecord> serializer() {
        return serializer;
    }

    @Override
    public Deserializer<GenericRecord> deserializer() {
        return deserializer;
    }
}
