package dev.edgeplane.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.edgeplane.event.telemetry.NodeMetrics;
import dev.edgeplane.event.telemetry.SourceKind;
import dev.edgeplane.event.telemetry.TelemetrySource;
import dev.edgeplane.infra.kafka.EmbeddedKafkaBroker;
import dev.edgeplane.registry.SchemaRegistryServer;
import dev.edgeplane.schemas.registry.RestSchemaRegistryClient;
import dev.edgeplane.schemas.serde.SpecificAvroSerializer;
import dev.edgeplane.testkit.WithKafkaBroker;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

@WithKafkaBroker
class TailCommandTest {

    private static final String TOPIC = "tail.node-metrics";
    private static final Instant EVENT_TIME = Instant.parse("2026-12-04T10:15:30.250Z");
    private static final ObjectMapper JSON = new ObjectMapper();

    private static SchemaRegistryServer registry;
    private static String bootstrap;

    @BeforeAll
    static void writeRecords(EmbeddedKafkaBroker broker) throws Exception {
        bootstrap = broker.bootstrapServers();
        registry = SchemaRegistryServer.builder().bootstrapServers(bootstrap).topic("_schemas-tail").port(0).build().start();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            admin.createTopics(Set.of(new NewTopic(TOPIC, 1, (short) 1))).all().get();
        }

        SpecificAvroSerializer<NodeMetrics> serializer = new SpecificAvroSerializer<>(RestSchemaRegistryClient.forUrl(registry.url()));
        byte[] first = serializer.serialize(TOPIC, nodeMetrics("edge-harbour-1", 3.5));
        byte[] second = serializer.serialize(TOPIC, nodeMetrics("edge-station-2", 1.25));
        byte[] notWireFormat = "{\"node\": \"plain json\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8);

        Map<String, Object> config = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(TOPIC, "edge-harbour-1", first)).get();
            producer.send(new ProducerRecord<>(TOPIC, "bad", notWireFormat)).get();
            producer.send(new ProducerRecord<>(TOPIC, "edge-station-2", second)).get();
            producer.send(new ProducerRecord<>(TOPIC, "edge-harbour-1", null)).get();
        }
    }

    @AfterAll
    static void stopRegistry() {
        registry.close();
    }

    @Test
    void printsDecodedRecordsAndSkipsBadOne() throws Exception {
        Result result = run("--from-beginning");

        List<String> lines = result.out.lines().toList();
        assertThat(result.exitCode).as("exit code with one undecodable record").isEqualTo(1);
        assertThat(lines).hasSize(3);

        JsonNode first = JSON.readTree(lines.get(0));
        assertThat(first.get("offset").asLong()).isZero();
        assertThat(first.get("key").asText()).isEqualTo("edge-harbour-1");
        assertThat(first.get("schemaId").asInt()).isPositive();
        assertThat(first.at("/value/node").asText()).isEqualTo("edge-harbour-1");
        assertThat(first.at("/value/cpuUsedCores").asDouble()).isEqualTo(3.5);
        assertThat(first.at("/value/eventTime").asText()).isEqualTo("2026-12-04T10:15:30.250Z");
        assertThat(first.at("/value/source/kind").asText()).isEqualTo("EDGE_AGENT");
        assertThat(first.at("/value/rtBandwidthLimitCpus").isNull()).isTrue();

        JsonNode second = JSON.readTree(lines.get(1));
        assertThat(second.get("offset").asLong()).isEqualTo(2);
        assertThat(second.at("/value/node").asText()).isEqualTo("edge-station-2");

        JsonNode tombstone = JSON.readTree(lines.get(2));
        assertThat(tombstone.get("value").isNull()).isTrue();

        assertThat(result.err).contains("partition 0 offset 1").contains("BAD_MAGIC_BYTE");
        assertThat(result.err).contains("printed 3 records; 1 could not be decoded");
    }

    @Test
    void maxStopsAfterNRecords() throws Exception {
        Result result = run("--from-beginning", "--max", "1");

        assertThat(result.exitCode).isZero();
        assertThat(result.out.lines().toList()).hasSize(1);
    }

    @Test
    void offsetStartsInsidePartition() throws Exception {
        Result result = run("--partition", "0", "--offset", "2");

        List<String> lines = result.out.lines().toList();
        assertThat(result.exitCode).isZero();
        assertThat(lines).hasSize(2);
        assertThat(JSON.readTree(lines.get(0)).get("offset").asLong()).isEqualTo(2);
    }

    @Test
    void offsetPastEndIsRejected() {
        Result result = run("--partition", "0", "--offset", "99999");

        assertThat(result.exitCode).isEqualTo(2);
        assertThat(result.out).isEmpty();
        assertThat(result.err).contains("--offset 99999 is past the end of partition 0 of " + TOPIC
                + ": its end offset is 4");
    }

    @Test
    void unknownTopicFailsWithCatalogHint() {
        StringWriter err = new StringWriter();
        int exitCode = EdgeplaneCommand.newCommandLine().setErr(new PrintWriter(err, true))
                .execute("tail", "no.such.topic", "--bootstrap-server", bootstrap, "--registry", registry.url(),
                        "--from-beginning", "--timeout-ms", "3000");

        assertThat(exitCode).isEqualTo(2);
        assertThat(err.toString()).contains("Topic no.such.topic not found").contains("edgeplane.state.node-health");
    }

    @Test
    void offsetWithoutPartitionIsRejected() {
        StringWriter err = new StringWriter();
        int exitCode = EdgeplaneCommand.newCommandLine().setErr(new PrintWriter(err, true))
                .execute("tail", TOPIC, "--bootstrap-server", bootstrap, "--offset", "3");

        assertThat(exitCode).isEqualTo(2);
        assertThat(err.toString()).contains("--offset 3 needs --partition");
    }

    @Test
    void unreachableRegistryFailsClearly() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exitCode = EdgeplaneCommand.newCommandLine().setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true))
                .execute("tail", TOPIC, "--bootstrap-server", bootstrap, "--registry", "http://127.0.0.1:1",
                        "--from-beginning");

        assertThat(exitCode).isEqualTo(2);
        assertThat(err.toString()).contains("cannot read schemas from the registry at http://127.0.0.1:1");
    }

    @Test
    void unreachableClusterNamesBootstrapServer() {
        StringWriter err = new StringWriter();
        int exitCode = EdgeplaneCommand.newCommandLine().setErr(new PrintWriter(err, true))
                .execute("tail", TOPIC, "--bootstrap-server", "127.0.0.1:1", "--timeout-ms", "1000");

        assertThat(exitCode).isEqualTo(2);
        assertThat(err.toString()).contains("The Kafka cluster at 127.0.0.1:1 did not answer in time");
        assertThat(err.toString()).contains("check --bootstrap-server");
    }

    private static Result run(String... options) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        String[] args = new String[options.length + 6];
        args[0] = "tail";
        args[1] = TOPIC;
        args[2] = "--bootstrap-server";
        args[3] = bootstrap;
        args[4] = "--registry";
        args[5] = registry.url();
        System.arraycopy(options, 0, args, 6, options.length);
        int exitCode = EdgeplaneCommand.newCommandLine().setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true))
                .execute(args);
        return new Result(exitCode, out.toString(), err.toString());
    }

    private record Result(int exitCode, String out, String err) {
    }

    private static NodeMetrics nodeMetrics(String node, double cpuUsedCores) {
        return NodeMetrics.newBuilder()
                .setNode(node)
                .setEventTime(EVENT_TIME)
                .setReceiveTime(EVENT_TIME.plusMillis(40))
                .setSource(TelemetrySource.newBuilder().setKind(SourceKind.EDGE_AGENT).setId("agent-" + node).build())
                .setCpuUsedCores(cpuUsedCores)
                .setCpuCapacityCores(4.0)
                .setMemoryUsedBytes(2_000_000_000L)
                .setMemoryCapacityBytes(8_000_000_000L)
                .setRtBandwidthUsedCpus(0.5)
                .setRtBandwidthLimitCpus(null)
                .setPodCount(7)
                .build();
    }
}
