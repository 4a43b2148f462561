package dev.edgeplane.schemas.serde;

import java.util.Map;
import java.util.Objects;

import dev.edgeplane.schemas.AvroTrust;
import dev.edgeplane.schemas.registry.SchemaRegistryClient;
import dev.edgeplane.schemas.serde.internal.CachedSchemaRegistry;
import dev.edgeplane.schemas.serde.internal.DatumFactories;
import dev.edgeplane.schemas.serde.internal.WireSerializer;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Serializes generated Avro classes in the Confluent wire format, with the schema id looked up or
 * registered under {@code <topic>-value} (or {@code <topic>-key} when configured for keys).
 *
 * <p>Created with a client, it works at once for record values with auto-registration on;
 * {@link #configure} changes that. Created by Kafka from its class name, it gets its client from
 * the configuration: usually {@code schema.registry.url}, see {@link AvroSerdeConfig}.
 * {@link #serialize} blocks on the registry for the first record of each schema and is
 * thread-safe. A client given by the caller stays the caller's to close; a client built from
 * {@code schema.registry.url} is shared and needs no closing.
 *
 * @param <T> the generated record class
 */
public class SpecificAvroSerializer<T extends SpecificRecord> implements Serializer<T> {

    static {
        AvroTrust.ensureTrusted();
    }

    private final SchemaRegistryClient client;
    private volatile WireSerializer delegate;

    /** Creates a serializer that gets its client from {@link #configure}. */
    public SpecificAvroSerializer() {
        this.client = null;
    }

    /** Creates a serializer for record values with auto-registration on. */
    public SpecificAvroSerializer(SchemaRegistryClient client) {
        this.client = Objects.requireNonNull(client, "client");
        this.delegate = create(client, false, true);
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        AvroSerdeConfig config = new AvroSerdeConfig(configs);
        delegate = create(AvroSerdeConfig.registryClient(configs, client), isKey, config.autoRegisterSchemas());
    }

    private static WireSerializer create(SchemaRegistryClient client, boolean isKey, boolean autoRegister) {
        return new WireSerializer(new CachedSchemaRegistry(client), DatumFactories::specificWriter, isKey, autoRegister);
    }

    @Override
    public byte[] serialize(String topic, T data) {
        return SerdeState.require(delegate, getClass()).serialize(topic, data);
    }
}
