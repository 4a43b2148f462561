package dev.edgeplane.schemas.serde;

import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

import dev.edgeplane.schemas.AvroTrust;
import dev.edgeplane.schemas.registry.SchemaRegistryClient;
import dev.edgeplane.schemas.serde.internal.CachedSchemaRegistry;
import dev.edgeplane.schemas.serde.internal.WireSerializer;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericContainer;
import org.apache.avro.io.DatumWriter;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Client handling and configuration shared by {@link SpecificAvroSerializer} and
 * {@link GenericAvroSerializer}, which differ only in the Avro data model of their datum writers.
 *
 * @param <T> the record type
 */
abstract class WireFormatSerializer<T extends GenericContainer> implements Serializer<T> {

    static {
        AvroTrust.ensureTrusted();
    }

    private final SchemaRegistryClient client;
    private final Function<Schema, DatumWriter<Object>> writerFactory;
    private volatile WireSerializer delegate;

    /** Creates a serializer that gets its client from {@link #configure}. */
    WireFormatSerializer(Function<Schema, DatumWriter<Object>> writerFactory) {
        this.client = null;
        this.writerFactory = writerFactory;
    }

    /** Creates a serializer for record values with auto-registration on. */
    WireFormatSerializer(SchemaRegistryClient client, Function<Schema, DatumWriter<Object>> writerFactory) {
        this.client = Objects.requireNonNull(client, "client");
        this.writerFactory = writerFactory;
        this.delegate = create(client, false, true);
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        AvroSerdeConfig config = new AvroSerdeConfig(configs);
        delegate = create(AvroSerdeConfig.registryClient(configs, client), isKey, config.autoRegisterSchemas());
    }

    private WireSerializer create(SchemaRegistryClient registryClient, boolean isKey, boolean autoRegister) {
        return new WireSerializer(new CachedSchemaRegistry(registryClient), writerFactory, isKey, autoRegister);
    }

    @Override
    public byte[] serialize(String topic, T data) {
        return SerdeState.require(delegate, getClass()).serialize(topic, data);
    }
}
