package dev.edgeplane.schemas.bench;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.concurrent.TimeUnit;

import dev.edgeplane.event.telemetry.NodeMetrics;
import dev.edgeplane.schemas.serde.SpecificAvroDeserializer;
import dev.edgeplane.schemas.serde.SpecificAvroSerializer;
import dev.edgeplane.schemas.testing.InMemorySchemaRegistryClient;
import dev.edgeplane.schemas.testing.SampleEvents;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Serialize plus deserialize of one typical NodeMetrics record, in two ways in the same run. The
 * first goes through the wire format serdes, whose registry lookups come from their caches after
 * the first call. The second is plain Avro binary encoding with the generated class's datum writer
 * and reader. Both encode into a fresh byte array and decode into a new record on every call.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class SerdesBenchmark {

    private static final String TOPIC = "edgeplane.telemetry.node-metrics";

    private NodeMetrics record;
    private SpecificAvroSerializer<NodeMetrics> serializer;
    private SpecificAvroDeserializer<NodeMetrics> deserializer;
    private SpecificDatumWriter<NodeMetrics> plainWriter;
    private SpecificDatumReader<NodeMetrics> plainReader;

    @Setup
    public void setUp() {
        InMemorySchemaRegistryClient registry = new InMemorySchemaRegistryClient();
        record = SampleEvents.nodeMetrics();
        serializer = new SpecificAvroSerializer<>(registry);
        deserializer = new SpecificAvroDeserializer<>(registry, NodeMetrics.class);

        Schema schema = NodeMetrics.getClassSchema();
        SpecificData model = SpecificData.getForSchema(schema);
        plainWriter = new SpecificDatumWriter<>(schema, model);
        plainReader = new SpecificDatumReader<>(schema, schema, model);
    }

    @Benchmark
    public NodeMetrics wireFormatSerdes() {
        return deserializer.deserialize(TOPIC, serializer.serialize(TOPIC, record));
    }

    @Benchmark
    public NodeMetrics plainAvro() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(128);
        BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
        plainWriter.write(record, encoder);
        encoder.flush();
        byte[] bytes = out.toByteArray();
        return plainReader.read(null, DecoderFactory.get().binaryDecoder(bytes, null));
    }
}
