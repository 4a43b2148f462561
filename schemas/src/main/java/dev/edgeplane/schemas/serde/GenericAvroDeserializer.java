package dev.edgeplane.schemas.serde;

import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

import dev.edgeplane.schemas.AvroTrust;
import dev.edgeplane.schemas.registry.SchemaRegistryClient;
import dev.edgeplane.schemas.serde.internal.CachedSchemaRegistry;
import dev.edgeplane.schemas.serde.internal.DatumFactories;
import dev.edgeplane.schemas.serde.internal.WireDeserializer;
import dev.edgeplane.schemas.serde.internal.WireDeserializer.ReaderSchema;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.DatumReader;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Deserializes Confluent wire format records into {@link GenericRecord}s, as written or resolved to
 * a given reader schema. Timestamp fields read as {@code Long} milliseconds. Errors, blocking and
 * ownership are as for {@link SpecificAvroDeserializer}.
 */
public class GenericAvroDeserializer implements Deserializer<GenericRecord> {

    static {
        AvroTrust.ensureTrusted();
    }

    private final SchemaRegistryClient client;
    private final Schema readerSchema;
    private volatile WireDeserializer<GenericRecord> delegate;

    /** Creates a deserializer that gets its client from {@link #configure} and reads records as written. */
    public GenericAvroDeserializer() {
        this.client = null;
        this.readerSchema = null;
    }

    /** Creates a deserializer for record values that reads records as written. */
    public GenericAvroDeserializer(SchemaRegistryClient client) {
        this(client, null);
    }

    /**
     * Creates a deserializer for record values.
     *
     * @param readerSchema the schema to resolve every writer schema to, or null to read records as written
     */
    public GenericAvroDeserializer(SchemaRegistryClient client, Schema readerSchema) {
        this.client = Objects.requireNonNull(client, "client");
        this.readerSchema = readerSchema;
        this.delegate = create(client, readerSchema, false);
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        delegate = create(AvroSerdeConfig.registryClient(configs, client), readerSchema, isKey);
    }

    private static WireDeserializer<GenericRecord> create(SchemaRegistryClient client, Schema readerSchema,
            boolean isKey) {
        Function<Schema, ReaderSchema<GenericRecord>> readerSchemas = writer -> readerFor(
                readerSchema == null ? writer : readerSchema);
        return new WireDeserializer<>(new CachedSchemaRegistry(client), readerSchemas, isKey);
    }

    private static ReaderSchema<GenericRecord> readerFor(Schema reader) {
        return new ReaderSchema<>() {
            @Override
            public Schema schema() {
                return reader;
            }

            @Override
            public DatumReader<GenericRecord> createReader(Schema writer) {
                return DatumFactories.genericReader(writer, reader);
            }
        };
    }

    @Override
    public GenericRecord deserialize(String topic, byte[] data) {
        return SerdeState.require(delegate, getClass()).deserialize(topic, data);
    }
}
