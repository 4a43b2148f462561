package dev.edgeplane.anomaly;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

import dev.edgeplane.anomaly.internal.TopologySerdes;
import dev.edgeplane.anomaly.internal.state.VerdictOrMarker;
import dev.edgeplane.event.audit.ActionAudit;
import dev.edgeplane.event.cluster.FogServiceInventory;
import dev.edgeplane.event.cluster.NodeInventory;
import dev.edgeplane.event.cluster.PodPlacement;
import dev.edgeplane.event.deadletter.DeadLetter;
import dev.edgeplane.event.decision.RescheduleDecision;
import dev.edgeplane.event.state.NodeHealth;
import dev.edgeplane.event.state.ReplicaScore;
import dev.edgeplane.event.telemetry.LinkLatency;
import dev.edgeplane.event.telemetry.NodeMetrics;
import dev.edgeplane.event.telemetry.ReplicaMetrics;
import dev.edgeplane.schemas.catalog.TopicCatalog;
import dev.edgeplane.schemas.serde.SpecificAvroSerde;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The whole anomaly topology in a TopologyTestDriver, with the real serdes over an in-memory
 * registry and the same Kafka Streams settings as the application. The wall clock starts at
 * {@link #WALL_START} and moves only when a test advances it.
 */
final class TopologyHarness implements AutoCloseable {

    static final Instant WALL_START = Instant.parse("2026-03-01T00:00:00Z");

    final InMemoryRegistry registry = new InMemoryRegistry();
    final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    final TopologyTestDriver driver;
    final TopologySerdes serdes;

    final TestInputTopic<String, NodeMetrics> nodeMetrics;
    final TestInputTopic<String, LinkLatency> linkLatency;
    final TestInputTopic<String, ReplicaMetrics> replicaMetrics;
    final TestInputTopic<String, NodeInventory> nodes;
    final TestInputTopic<String, PodPlacement> placements;
    final TestInputTopic<String, FogServiceInventory> fogServices;
    final TestInputTopic<String, byte[]> rawNodeMetrics;
    final String verdictsByLocationTopic;
    final TestInputTopic<String, VerdictOrMarker> verdictsByLocation;
    final TestOutputTopic<String, NodeHealth> health;
    final TestOutputTopic<String, ReplicaScore> scores;
    final TestOutputTopic<String, RescheduleDecision> decisions;
    final TestOutputTopic<String, ActionAudit> audits;
    final TestOutputTopic<String, DeadLetter> deadLetters;

    TopologyHarness(Map<String, Object> overrides) {
        this(overrides, 1);
    }

    /**
     * Creates a driver whose placement advice waits for the progress markers of
     * {@code telemetryPartitions} node-health partitions. The driver runs partition 0 only; a test
     * writes the records of the others to {@link #verdictsByLocation}.
     */
    TopologyHarness(Map<String, Object> overrides, int telemetryPartitions) {
        Map<String, Object> settings = new HashMap<>();
        settings.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        // A state directory per driver: the shared default under java.io.tmpdir let the persistent global
        // store of another driver with the same application id leak records into this one.
        settings.put(StreamsConfig.STATE_DIR_CONFIG, newStateDir());
        settings.put(AnomalyConfig.WINDOW_SIZE_MS_CONFIG, 10_000L);
        settings.put(AnomalyConfig.WINDOW_GRACE_MS_CONFIG, 2_000L);
        settings.put(AnomalyConfig.SILENCE_MS_CONFIG, 15_000L);
        settings.putAll(overrides);
        AnomalyConfig config = new AnomalyConfig(settings);
        Properties properties = AnomalyApplication.streamsProperties(config, settings, registry);
        driver = new TopologyTestDriver(AnomalyTopology.build(config, registry, Map.of(), meters, () -> telemetryPartitions), properties,
                WALL_START);
        serdes = new TopologySerdes(registry, Map.of());

        StringSerializer keys = new StringSerializer();
        StringDeserializer keyReader = new StringDeserializer();
        nodeMetrics = driver.createInputTopic(TopicCatalog.NODE_METRICS.name(), keys, serdes.nodeMetrics.serializer());
        linkLatency = driver.createInputTopic(TopicCatalog.LINK_LATENCY.name(), keys, serdes.linkLatency.serializer());
        replicaMetrics = driver.createInputTopic(TopicCatalog.REPLICA_METRICS.name(), keys,
                serdes.replicaMetrics.serializer());
        nodes = driver.createInputTopic(TopicCatalog.NODES.name(), keys, serdes.nodeInventory.serializer());
        placements = driver.createInputTopic(TopicCatalog.PLACEMENTS.name(), keys, serdes.podPlacement.serializer());
        fogServices = driver.createInputTopic(TopicCatalog.FOGSERVICES.name(), keys, serdes.fogService.serializer());
        rawNodeMetrics = driver.createInputTopic(TopicCatalog.NODE_METRICS.name(), keys, new ByteArraySerializer());
        verdictsByLocationTopic = config.applicationId() + "-" + StoreNames.VERDICTS_BY_LOCATION + "-repartition";
        verdictsByLocation = driver.createInputTopic(verdictsByLocationTopic, keys, serdes.verdictOrMarker.serializer());
        health = driver.createOutputTopic(TopicCatalog.NODE_HEALTH.name(), keyReader, serdes.nodeHealth.deserializer());
        scores = driver.createOutputTopic(TopicCatalog.REPLICA_SCORES.name(), keyReader,
                serdes.replicaScore.deserializer());
        decisions = driver.createOutputTopic(TopicCatalog.RESCHEDULE_DECISIONS.name(), keyReader,
                serdes.decision.deserializer());
        audits = driver.createOutputTopic(TopicCatalog.AUDIT_ACTIONS.name(), keyReader, serdes.audit.deserializer());
        SpecificAvroSerde<DeadLetter> letters = SpecificAvroSerde.of(registry, DeadLetter.class, Map.of(), false);
        deadLetters = driver.createOutputTopic(TopicCatalog.DEAD_LETTER.name(), keyReader, letters.deserializer());
    }

    TopologyHarness() {
        this(Map.of());
    }

    private static String newStateDir() {
        try {
            Path dir = Files.createTempDirectory("anomaly-topology-test");
            dir.toFile().deleteOnExit();
            return dir.toString();
        } catch (IOException e) {
            throw new UncheckedIOException("Failed to create a state directory for the test driver", e);
        }
    }

    /** Sends node metrics of {@code node} at {@code eventMs} with the record timestamp set to its receive time. */
    void metrics(NodeMetrics metrics) {
        nodeMetrics.pipeInput(metrics.getNode(), metrics, metrics.getReceiveTime());
    }

    void probe(LinkLatency probe) {
        linkLatency.pipeInput(probe.getTargetNode(), probe, probe.getReceiveTime());
    }

    void replica(ReplicaMetrics metrics) {
        replicaMetrics.pipeInput(metrics.getNamespace() + "/" + metrics.getPod(), metrics, metrics.getReceiveTime());
    }

    KeyValueStore<String, Long> store(String name) {
        return driver.getKeyValueStore(name);
    }

    @Override
    public void close() {
        driver.close();
        Serdes.String().close();
    }
}
