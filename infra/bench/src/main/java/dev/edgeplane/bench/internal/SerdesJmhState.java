package dev.edgeplane.bench.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

import dev.edgeplane.event.telemetry.NodeMetrics;
import dev.edgeplane.event.telemetry.SourceKind;
import dev.edgeplane.event.telemetry.TelemetrySource;
import dev.edgeplane.infra.kafka.EmbeddedKafkaBroker;
import dev.edgeplane.registry.SchemaRegistryServer;
import dev.edgeplane.schemas.catalog.TopicCatalog;
import dev.edgeplane.schemas.registry.RestSchemaRegistryClient;
import dev.edgeplane.schemas.serde.SpecificAvroDeserializer;
import dev.edgeplane.schemas.serde.SpecificAvroSerializer;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * JMH benchmark of serialize plus deserialize of one typical NodeMetrics record, two ways in the
 * same run: through the Confluent wire-format serdes, and as plain Avro binary with the generated
 * class's datum writer and reader.
 *
 * <p>The serdes talk to a real schema registry (the embedded server on an in-process broker), set
 * up once per fork. After the first call, schema ids and writers come from the serdes' caches, so
 * the measured loop makes no HTTP calls: the figure is the per-record cost of the wire format.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class SerdesJmhState {

    private static final String TOPIC = TopicCatalog.NODE_METRICS.name();

    private EmbeddedKafkaBroker broker;
    private SchemaRegistryServer registry;
    private NodeMetrics record;
    private SpecificAvroSerializer<NodeMetrics> serializer;
    private SpecificAvroDeserializer<NodeMetrics> deserializer;
    private SpecificDatumWriter<NodeMetrics> plainWriter;
    private SpecificDatumReader<NodeMetrics> plainReader;

    /** Starts the broker and registry and warms the serdes' caches with one round trip. */
    @Setup(Level.Trial)
    public void start() {
        broker = EmbeddedKafkaBroker.builder().build().start();
        registry = SchemaRegistryServer.builder().bootstrapServers(broker.bootstrapServers()).port(0).build().start();
        RestSchemaRegistryClient client = RestSchemaRegistryClient.forUrl(registry.url());
        record = typicalNodeMetrics();
        serializer = new SpecificAvroSerializer<>(client);
        deserializer = new SpecificAvroDeserializer<>(client, NodeMetrics.class);
        deserializer.deserialize(TOPIC, serializer.serialize(TOPIC, record));

        Schema schema = NodeMetrics.getClassSchema();
        SpecificData model = SpecificData.getForSchema(schema);
        plainWriter = new SpecificDatumWriter<>(schema, model);
        plainReader = new SpecificDatumReader<>(schema, schema, model);
    }

    /** Stops the registry and the broker. */
    @TearDown(Level.Trial)
    public void stop() {
        registry.close();
        broker.close();
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
        return plainReader.read(null, DecoderFactory.get().binaryDecoder(out.toByteArray(), null));
    }

    /** Returns a NodeMetrics record with every field set, as an edge agent sends it. */
    static NodeMetrics typicalNodeMetrics() {
        Instant eventTime = Instant.parse("2026-12-04T10:15:30.250Z");
        return NodeMetrics.newBuilder()
                .setNode("edge-harbour-1")
                .setEventTime(eventTime)
                .setReceiveTime(eventTime.plusMillis(35))
                .setSource(TelemetrySource.newBuilder().setKind(SourceKind.EDGE_AGENT).setId("agent-edge-harbour-1").build())
                .setCpuUsedCores(3.42)
                .setCpuCapacityCores(4.0)
                .setMemoryUsedBytes(6_442_450_944L)
                .setMemoryCapacityBytes(8_589_934_592L)
                .setRtBandwidthUsedCpus(1.35)
                .setRtBandwidthLimitCpus(3.8)
                .setPodCount(17)
                .build();
    }
}
