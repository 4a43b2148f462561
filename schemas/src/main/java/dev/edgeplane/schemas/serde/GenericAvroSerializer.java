package dev.edgeplane.schemas.serde;

import dev.edgeplane.schemas.registry.SchemaRegistryClient;
import dev.edgeplane.schemas.serde.internal.DatumFactories;
import org.apache.avro.generic.GenericRecord;

/**
 * Serializes {@link GenericRecord}s in the Confluent wire format, with the schema of each record
 * looked up or registered under {@code <topic>-value} (or {@code <topic>-key}). Timestamp fields
 * take {@code Long} milliseconds. Construction, configuration, blocking and ownership are as for
 * {@link SpecificAvroSerializer}.
 */
public class GenericAvroSerializer extends WireFormatSerializer<GenericRecord> {

    /** Creates a serializer that gets its client from {@link #configure}. */
    public GenericAvroSerializer() {
        super(DatumFactories::genericWriter);
    }

    /** Creates a serializer for record values with auto-registration on. */
    public GenericAvroSerializer(SchemaRegistryClient client) {
        super(client, DatumFactories::genericWriter);
    }
}
