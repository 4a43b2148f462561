package dev.edgeplane.schemas.serde;

import dev.edgeplane.schemas.registry.SchemaRegistryClient;
import dev.edgeplane.schemas.serde.internal.DatumFactories;
import org.apache.avro.specific.SpecificRecord;

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
public class SpecificAvroSerializer<T extends SpecificRecord> extends WireFormatSerializer<T> {

    /** Creates a serializer that gets its client from {@link #configure}. */
    public SpecificAvroSerializer() {
        super(DatumFactories::specificWriter);
    }

    /** Creates a serializer for record values with auto-registration on. */
    public SpecificAvroSerializer(SchemaRegistryClient client) {
        super(client, DatumFactories::specificWriter);
    }
}
