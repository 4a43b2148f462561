package dev.edgeplane.schemas.serde;

import java.util.Map;

import dev.edgeplane.schemas.registry.SchemaRegistryClient;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * A {@link Serde} of generated Avro classes in the Confluent wire format, for Kafka Streams and
 * for clients that take a serde: a {@link SpecificAvroSerializer} and a
 * {@link SpecificAvroDeserializer}. Kafka Streams does not call {@link #configure} on serdes passed
 * to {@code Consumed} or {@code Produced}, so one created with a client serves record values with
 * auto-registration on until configured otherwise. Created by Kafka from its class name, as a
 * {@code default.value.serde}, it gets its client from the configuration, as
 * {@link AvroSerdeConfig} describes. A client given by the caller stays the caller's to close.
 *
 * @param <T> the generated record class
 */
public class SpecificAvroSerde<T extends SpecificRecord> implements Serde<T> {

    private final SpecificAvroSerializer<T> serializer;
    private final SpecificAvroDeserializer<T> deserializer;

    /** Creates a serde that gets its client from {@link #configure} and picks classes by writer schema. */
    public SpecificAvroSerde() {
        this.serializer = new SpecificAvroSerializer<>();
        this.deserializer = new SpecificAvroDeserializer<>();
    }

    /**
     * Creates a serde for record values.
     *
     * @param readerClass the generated class to read every record as, or null to pick it by writer schema name
     */
    public SpecificAvroSerde(SchemaRegistryClient client, Class<T> readerClass) {
        this.serializer = new SpecificAvroSerializer<>(client);
        this.deserializer = new SpecificAvroDeserializer<>(client, readerClass);
    }

    /** Creates a configured serde, for keys when {@code isKey} is true. */
    public static <T extends SpecificRecord> SpecificAvroSerde<T> of(
            SchemaRegistryClient client, Class<T> readerClass, Map<String, ?> configs, boolean isKey) {
        SpecificAvroSerde<T> serde = new SpecificAvroSerde<>(client, readerClass);
        serde.configure(configs, isKey);
        return serde;
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        serializer.configure(configs, isKey);
        deserializer.configure(configs, isKey);
    }

    @Override
    public Serializer<T> serializer() {
        return serializer;
    }

    @Override
    public Deserializer<T> deserializer() {
        return deserializer;
    }
}
