package dev.edgeplane.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.edgeplane.event.common.Evidence;
import dev.edgeplane.event.decision.RescheduleDecision;
import dev.edgeplane.event.decision.RescheduleStrategy;
import dev.edgeplane.event.telemetry.NodeMetrics;
import dev.edgeplane.event.telemetry.SourceKind;
import dev.edgeplane.event.telemetry.TelemetrySource;
import dev.edgeplane.infra.kafka.EmbeddedKafkaBroker;
import dev.edgeplane.registry.SchemaRegistryServer;
import dev.edgeplane.schemas.catalog.TopicCatalog;
import dev.edgeplane.schemas.registry.RestSchemaRegistryClient;
import dev.edgeplane.schemas.testing.JavaScriptForm;
import dev.edgeplane.schemas.testing.SampleEvents;
import dev.edgeplane.testkit.NodeProject;
import dev.edgeplane.testkit.ScriptRun;
import dev.edgeplane.testkit.WithKafkaBroker;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Runs the {@code serdes} suite of {@code infra/js-interop/interop.js} against the embedded
 * registry: JavaScript's {@code @kafkajs/confluent-schema-registry} decodes records that
 * {@link SpecificAvroSerializer} wrote, and encodes records that {@link SpecificAvroDeserializer}
 * then reads. NodeMetrics covers timestamp-millis, a nested record with an enum and an optional
 * double; RescheduleDecision adds an enum field, optional strings and arrays of records.
 *
 * <p>The script runs once for the class, and each test checks one direction. The class is skipped
 * only when {@code node} is missing; {@link NodeProject} installs the pinned client on first use.
 */
@WithKafkaBroker
class SerdeJsInteropTest {

    /** The scripts, shared with the registry's own interoperability test. */
    private static final Path SOURCE = Path.of("..", "infra", "js-interop");
    private static final Path WORK = Path.of("target", "js-interop");
    private static final Duration SCRIPT_TIMEOUT = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();

    private static SchemaRegistryServer server;
    private static Map<String, SpecificRecord> javaRecords;
    private static ScriptRun run;

    @BeforeAll
    static void runScript(EmbeddedKafkaBroker broker) throws Exception {
        NodeProject.assumeNodeInstalled();
        NodeProject project = NodeProject.prepare(SOURCE, WORK);
        server = SchemaRegistryServer.builder().bootstrapServers(broker.bootstrapServers())
                .topic("_schemas-serde-js").port(0).build().start();

        javaRecords = javaRecords();
        Path input = project.directory().resolve("serdes-input.json").toAbsolutePath();
        Files.writeString(input, JSON.writeValueAsString(scriptInput(javaRecords)));
        run = project.node(SCRIPT_TIMEOUT, "interop.js", "--registry", server.url(), "--suites", "serdes",
                "--input", input.toString());
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void scriptPassesEveryCheck() {
        assertThat(run.output()).as("script output").contains("interop: 5 passed, 0 failed");
        assertThat(run.exitCode()).as("exit code; output:%n%s", run.output()).isZero();
    }

    @Test
    void javaScriptDecodesJavaRecords() throws Exception {
        Map<String, JsonNode> decoded = new LinkedHashMap<>();
        for (String name : javaRecords.keySet()) {
            String fact = run.facts().get("decoded." + name);
            assertThat(fact).as("decoded.%s in the output:%n%s", name, run.output()).isNotNull();
            decoded.put(name, JSON.readTree(fact));
        }

        for (Map.Entry<String, SpecificRecord> entry : javaRecords.entrySet()) {
            assertThat(JavaScriptForm.normalized(decoded.get(entry.getKey()))).as(entry.getKey())
                    .isEqualTo(JavaScriptForm.of(entry.getValue()));
        }
        JsonNode metrics = decoded.get("node-metrics-sample");
        assertThat(metrics.get("eventTime").asText()).isEqualTo("2025-06-01T08:00:00.000Z");
        assertThat(metrics.get("receiveTime").asText()).isEqualTo("2025-06-01T08:00:00.035Z");
        assertThat(metrics.get("source").get("kind").asText()).isEqualTo("EDGE_AGENT");
        assertThat(metrics.get("memoryCapacityBytes").asLong()).isEqualTo(8_589_934_592L);
        assertThat(metrics.get("rtBandwidthLimitCpus").asDouble()).isEqualTo(3.8);
        assertThat(decoded.get("node-metrics-no-limit").get("rtBandwidthLimitCpus").isNull()).isTrue();
        JsonNode decision = decoded.get("reschedule-no-target");
        assertThat(decision.get("strategy").asText()).isEqualTo("BETTER_NODE");
        assertThat(decision.get("predictedTarget").isNull()).isTrue();
        assertThat(decoded.get("reschedule-sample").get("evidence").get(0).get("windowStart").asText())
                .isEqualTo("2025-06-01T07:59:50.000Z");
    }

    @Test
    void javaReadsJavaScriptRecords() {
        SpecificAvroDeserializer<SpecificRecord> deserializer = new SpecificAvroDeserializer<>();
        deserializer.configure(Map.of("schema.registry.url", server.url()), false);
        Map<String, SpecificRecord> expected = javaScriptRecords();

        for (Map.Entry<String, SpecificRecord> entry : expected.entrySet()) {
            String hex = run.facts().get("encoded." + entry.getKey());
            assertThat(hex).as("encoded.%s in the output:%n%s", entry.getKey(), run.output()).isNotNull();
            String topic = entry.getValue() instanceof NodeMetrics ? TopicCatalog.NODE_METRICS.name()
                    : TopicCatalog.RESCHEDULE_DECISIONS.name();

            SpecificRecord read = deserializer.deserialize(topic, HexFormat.of().parseHex(hex));

            assertThat(read).as(entry.getKey()).isEqualTo(entry.getValue());
        }
    }

    /** Returns the records to serialize here and decode in JavaScript, by name. */
    private static Map<String, SpecificRecord> javaRecords() {
        NodeMetrics noLimit = SampleEvents.nodeMetrics();
        noLimit.setNode("edge-station-2");
        noLimit.setRtBandwidthLimitCpus(null);
        noLimit.getSource().setKind(SourceKind.PROMETHEUS);
        RescheduleDecision noTarget = SampleEvents.rescheduleDecision();
        noTarget.setStrategy(RescheduleStrategy.BETTER_NODE);
        noTarget.setPredictedTarget(null);
        noTarget.setPredictedScore(null);
        noTarget.setEvidence(List.of());

        Map<String, SpecificRecord> records = new LinkedHashMap<>();
        records.put("node-metrics-sample", SampleEvents.nodeMetrics());
        records.put("node-metrics-no-limit", noLimit);
        records.put("reschedule-sample", SampleEvents.rescheduleDecision());
        records.put("reschedule-no-target", noTarget);
        return records;
    }

    /** Serializes the Java records as a producer would and writes them with the schema ids for the script. */
    private static ObjectNode scriptInput(Map<String, SpecificRecord> records) {
        SpecificAvroSerializer<SpecificRecord> serializer = new SpecificAvroSerializer<>();
        serializer.configure(Map.of("schema.registry.url", server.url()), false);
        ObjectNode input = JSON.createObjectNode();
        for (Map.Entry<String, SpecificRecord> entry : records.entrySet()) {
            String topic = entry.getValue() instanceof NodeMetrics ? TopicCatalog.NODE_METRICS.name()
                    : TopicCatalog.RESCHEDULE_DECISIONS.name();
            byte[] bytes = serializer.serialize(topic, entry.getValue());
            input.withArray("records").addObject().put("name", entry.getKey()).put("hex", HexFormat.of().formatHex(bytes));
        }

        RestSchemaRegistryClient registry = RestSchemaRegistryClient.forUrl(server.url());
        input.putObject("schemaIds")
                .put("NodeMetrics", registry.getId(SubjectNames.valueSubject(TopicCatalog.NODE_METRICS.name()),
                        NodeMetrics.getClassSchema()))
                .put("RescheduleDecision", registry.getId(SubjectNames.valueSubject(
                        TopicCatalog.RESCHEDULE_DECISIONS.name()), RescheduleDecision.getClassSchema()));
        return input;
    }

    /** Returns the records that {@code checks/serdes.js} encodes, as the Java classes they must read as. */
    private static Map<String, SpecificRecord> javaScriptRecords() {
        Map<String, SpecificRecord> records = new LinkedHashMap<>();
        records.put("node-metrics-js-partial", NodeMetrics.newBuilder()
                .setNode("edge-market-3")
                .setEventTime(Instant.parse("2025-06-01T08:00:01.250Z"))
                .setReceiveTime(Instant.parse("2025-06-01T08:00:01.300Z"))
                .setSource(TelemetrySource.newBuilder().setKind(SourceKind.CITY_FEED).setId("feed-market").build())
                .setCpuUsedCores(1.5)
                .setCpuCapacityCores(2.0)
                .setMemoryUsedBytes(3_221_225_472L)
                .setMemoryCapacityBytes(4_294_967_296L)
                .setRtBandwidthUsedCpus(0.25)
                .setRtBandwidthLimitCpus(null)
                .setPodCount(6)
                .build());
        records.put("node-metrics-js-full", NodeMetrics.newBuilder()
                .setNode("edge-station-2")
                .setEventTime(Instant.parse("2025-06-01T08:00:02.000Z"))
                .setReceiveTime(Instant.parse("2025-06-01T08:00:02.045Z"))
                .setSource(TelemetrySource.newBuilder().setKind(SourceKind.SIMULATOR).setId("sim-1").build())
                .setCpuUsedCores(0.75)
                .setCpuCapacityCores(2.0)
                .setMemoryUsedBytes(1_073_741_824L)
                .setMemoryCapacityBytes(4_294_967_296L)
                .setRtBandwidthUsedCpus(0.5)
                .setRtBandwidthLimitCpus(1.9)
                .setPodCount(4)
                .build());
        records.put("reschedule-js-better-node", RescheduleDecision.newBuilder()
                .setDecisionId("js-7d1e")
                .setDecidedTime(Instant.parse("2025-06-01T08:05:00.500Z"))
                .setNamespace("city")
                .setPod("parking-guide-5c8d-q7r2t")
                .setPodUid("9e0d7c6b-1a2f-4e3d-8c7b-6a5f4e3d2c1b")
                .setFogService("parking-guide")
                .setFromNode("edge-market-3")
                .setStrategy(RescheduleStrategy.BETTER_NODE)
                .setPredictedTarget("edge-station-2")
                .setCurrentScore(55.5)
                .setPredictedScore(null)
                .setEvidence(List.of(Evidence.newBuilder()
                        .setMetric("link.rtt.micros")
                        .setValue(9_400.0)
                        .setThreshold(null)
                        .setVantagePoint("agent-edge-market-3")
                        .setWindowStart(Instant.parse("2025-06-01T08:04:30.000Z"))
                        .setWindowEnd(Instant.parse("2025-06-01T08:05:00.000Z"))
                        .build()))
                .setMissingInputs(List.of())
                .build());
        records.put("reschedule-js-no-target", RescheduleDecision.newBuilder()
                .setDecisionId("js-8f2a")
                .setDecidedTime(Instant.parse("2025-06-01T08:06:00.000Z"))
                .setNamespace("city")
                .setPod("camera-analytics-7f9c-x2k4p")
                .setPodUid("5b7e0c1a-3d2f-4c7e-9a51-0f6d2b8e4a10")
                .setFogService("camera-analytics")
                .setFromNode("edge-harbor-1")
                .setStrategy(RescheduleStrategy.DEGRADED_NODE)
                .setPredictedTarget(null)
                .setCurrentScore(null)
                .setPredictedScore(null)
                .setEvidence(List.of())
                .setMissingInputs(List.of("replica-metrics from camera-analytics-7f9c-m8d2q"))
                .build());
        return records;
    }
}
