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
import org.apache.avro.io.DatumReader;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Deserializes Confluent wire format records into generated Avro classes. The writer schema, named
 * by the id in each record, is resolved to the reader class's schema, so records written with an
 * older or a newer compatible schema read as the current class. Without a reader class, the
 * generated class named by the writer schema is used.
 *
 * <p>Bytes that cannot be read raise {@link WireFormatException}; registry failures raise
 * {@code SchemaRegistryException}. {@link #deserialize} blocks on the registry for the first record
 * of each schema id and is thread-safe. Created by Kafka from its class name, it gets its client
 * from the configuration, as {@link AvroSerdeConfig} describes. A client given by the caller stays
 * the caller's to close; a client built from {@code schema.registry.url} is shared and needs no
 * closing.
 *
 * @param <T> the generated record class
 */
public class SpecificAvroDeserializer<T extends SpecificRecord> implements Deserializer<T> {

    static {
        AvroTrust.ensureTrusted();
    }

    private final SchemaRegistryClient client;
    private final Class<T> readerClass;
    private volatile WireDeserializer<T> delegate;

    /** Creates a deserializer that gets its client from {@link #configure} and picks classes by writer schema. */
    public SpecificAvroDeserializer() {
        this.client = null;
        this.readerClass = null;
    }

    /** Creates a deserializer for record values that picks the generated class by writer schema name. */
    public SpecificAvroDeserializer(SchemaRegistryClient client) {
        this(client, null);
    }

    /**
     * Creates a deserializer for record values that reads every record as {@code readerClass}.
     *
     * @param readerClass the generated class to read as, or null to pick it by writer schema name
     */
    public SpecificAvroDeserializer(SchemaRegistryClient client, Class<T> readerClass) {
        this.client = Objects.requireNonNull(client, "client");
        this.readerClass = readerClass;
        this.delegate = create(client, readerClass, false);
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        delegate = create(AvroSerdeConfig.registryClient(configs, client), readerClass, isKey);
    }

    private static <T> WireDeserializer<T> create(SchemaRegistryClient client, Class<T> readerClass, boolean isKey) {
        Function<Schema, ReaderSchema<T>> readerSchemas;
        if (readerClass == null) {
            readerSchemas = SpecificAvroDeserializer::generatedClassOf;
        } else {
            ReaderSchema<T> fixed = readerOf(SpecificData.get().getSchema(readerClass));
            readerSchemas = writer -> fixed;
        }
        return new WireDeserializer<>(new CachedSchemaRegistry(client), readerSchemas, isKey);
    }

    /** Returns the schema of the generated class named by a writer schema, or null when there is none. */
    private static <T> ReaderSchema<T> generatedClassOf(Schema writer) {
        Class<?> generated = SpecificData.get().getClass(writer);
        if (generated == null || !SpecificRecord.class.isAssignableFrom(generated)) {
            return null;
        }
        return readerOf(SpecificData.get().getSchema(generated));
    }

    private static <T> ReaderSchema<T> readerOf(Schema reader) {
        return new ReaderSchema<>() {
            @Override
            public Schema schema() {
                return reader;
            }

            @Override
            public DatumReader<T> createReader(Schema writer) {
                return DatumFactories.specificReader(writer, reader);
            }
        };
    }

    @Override
    public T deserialize(String topic, byte[] data) {
        return SerdeState.require(delegate, getClass()).deserialize(topic, data);
    }
}
