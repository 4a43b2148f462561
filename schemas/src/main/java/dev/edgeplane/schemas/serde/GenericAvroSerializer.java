package dev.edgeplane.schemas.serde;

import java.util.Map;
import java.util.Objects;

import dev.edgeplane.schemas.AvroTrust;
import dev.edgeplane.schemas.registry.SchemaRegistryClient;
import dev.edgeplane.schemas.serde.internal.CachedSchemaRegistry;
import dev.edgeplane.schemas.serde.internal.DatumFactories;
import dev.edgeplane.schemas.serde.internal.WireSerializer;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Serializes {@link GenericRecord}s in the Confluent wire format, with the schema of each record
 * looked up or registered under {@code <topic>-value} (or {@code <topic>-key}). Timestamp fields
 * take {@code Long} milliseconds. Construction, configuration, blocking and ownership are as for
 * {@link SpecificAvroSerializer}.
 */
public class GenericAvroSerializer implements Serializer<GenericRecord> {

    static {
        AvroTrust.ensureTrusted();
    }

    private final SchemaRegistryClient client;
    private volatile WireSerializer delegate;

    /** Creates a serializer that gets its client from {@link #configure}. */
    public GenericAvroSerializer() {
        this.client = null;
    }

    /** Creates a serializer for record values with auto-registration on. */
    public GenericAvroSerializer(SchemaRegistryClient client) {
        this.client = Objects.requireNonNull(client, "client");
        this.delegate = create(client, false, true);
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        AvroSerdeConfig config = new AvroSerdeConfig(configs);
        delegate = create(AvroSerdeConfig.registryClient(configs, client), isKey, config.autoRegisterSchemas());
    }

    private static WireSerializer create(SchemaRegistryClient client, boolean isKey, boolean autoRegister) {
        return new WireSerializer(new CachedSchemaRegistry(client), DatumFactories::genericWriter, isKey, autoRegister);
    }

    @Override
    public byte[] serialize(String topic, GenericRecord data) {
        return SerdeState.require(delegate, getClass()).serialize(topic, data);
    }
}
