package dev.edgeplane.anomaly;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import dev.edgeplane.event.decision.RescheduleDecision;
import dev.edgeplane.event.decision.RescheduleStrategy;
import dev.edgeplane.infra.kafka.EmbeddedKafkaBroker;
import dev.edgeplane.registry.SchemaRegistryServer;
import dev.edgeplane.schemas.catalog.TopicCatalog;
import dev.edgeplane.schemas.catalog.TopicSpec;
import dev.edgeplane.schemas.registry.RestSchemaRegistryClient;
import dev.edgeplane.schemas.serde.SpecificAvroDeserializer;
import dev.edgeplane.testkit.WithKafkaBroker;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A replay under a fresh application id and state folder on the in-process broker writes the same
 * decisions with the same ids as the first run. The first run reads the telemetry while it is
 * written. The replay starts after all of it is on the broker, so its node-health tasks race through
 * event time at different speeds. Both runs must also match the test driver, which runs every node
 * on one partition. The node telemetry topics have 4 partitions, so some node-health tasks get no
 * node and one loses its only node mid-way.
 */
@WithKafkaBroker(scope = WithKafkaBroker.Scope.CLASS)
class AnomalyReplayIntegrationTest {

    // Two hours back: within the 3-day retention of the telemetry topics.
    static final long T0 = (System.currentTimeMillis() - Duration.ofHours(2).toMillis()) / 60_000 * 60_000;
    static final int TELEMETRY_PARTITIONS = 4;

    static SchemaRegistryServer server;
    static RestSchemaRegistryClient client;

    @BeforeAll
    static void start(EmbeddedKafkaBroker broker) throws Exception {
        server = SchemaRegistryServer.builder().bootstrapServers(broker.bootstrapServers())
                .topic("_schemas-anomaly-replay-it").port(0).build().start();
        client = RestSchemaRegistryClient.forUrl(server.url());
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
            List<NewTopic> topics = new ArrayList<>();
            for (TopicSpec spec : TopicCatalog.all()) {
                boolean telemetry = spec == TopicCatalog.NODE_METRICS || spec == TopicCatalog.LINK_LATENCY;
                topics.add(new NewTopic(spec.name(), telemetry ? TELEMETRY_PARTITIONS : 3, (short) 1)
                        .configs(spec.configs(1)));
            }
            admin.createTopics(topics).all().get();
        }
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void replayRepeatsDecisions(EmbeddedKafkaBroker broker, @TempDir Path stateA, @TempDir Path stateB) {
        List<CityScenario.Input> inputs = ReplayScenario.inputs(T0);
        List<RescheduleDecision> expected = ScenarioRuns.decisionsFromDriver(inputs, Duration.ofSeconds(1));
        assertThat(expected).extracting(RescheduleDecision::getStrategy)
                .contains(RescheduleStrategy.DEGRADED_NODE, RescheduleStrategy.BETTER_NODE);
        assertThat(expected).extracting(RescheduleDecision::getFromNode).contains("n-1", "s-1");
        assertThat(expected).filteredOn(decision -> decision.getPodUid().equals("uid-d1")).singleElement()
                .satisfies(decision -> assertThat(decision.getEvidence()).as("round-trip times to archive on n-2")
                        .filteredOn(e -> e.getMetric().equals("dependency.rtt.micros")).hasSize(2));

        ScenarioRuns.produce(broker, client, inputs.subList(0, ReplayScenario.CLUSTER_INPUTS));
        List<RescheduleDecision> first;
        try (AnomalyApplication application = ScenarioRuns.start(broker, client, "anomaly-replay-first", stateA)) {
            // Written while the application reads, in four bursts.
            int telemetry = inputs.size() - ReplayScenario.CLUSTER_INPUTS;
            for (int burst = 0; burst < 4; burst++) {
                int from = ReplayScenario.CLUSTER_INPUTS + burst * telemetry / 4;
                int to = ReplayScenario.CLUSTER_INPUTS + (burst + 1) * telemetry / 4;
                ScenarioRuns.produce(broker, client, inputs.subList(from, to));
            }
            first = awaitDecisions(broker, Map.of(), expected.size());
        }
        Map<TopicPartition, Long> afterFirst = endOffsets(broker);

        List<RescheduleDecision> replayed;
        try (AnomalyApplication application = ScenarioRuns.start(broker, client, "anomaly-replay-second", stateB)) {
            replayed = awaitDecisions(broker, afterFirst, expected.size());
        }

        assertThat(first).usingRecursiveFieldByFieldElementComparator().containsExactlyInAnyOrderElementsOf(expected);
        assertThat(replayed).extracting(RescheduleDecision::getDecisionId).doesNotHaveDuplicates();
        assertThat(replayed).usingRecursiveFieldByFieldElementComparator()
                .containsExactlyInAnyOrderElementsOf(first);
    }

    /** Waits until {@code count} decisions were written after {@code from} and no more come for 3 s. */
    private static List<RescheduleDecision> awaitDecisions(EmbeddedKafkaBroker broker, Map<TopicPartition, Long> from,
            int count) {
        Awaitility.await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500))
                .until(() -> readDecisions(broker, from).size() >= count);
        Awaitility.await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> readDecisions(broker, from).size() == count);
        return readDecisions(broker, from);
    }

    private static KafkaConsumer<String, RescheduleDecision> consumer(EmbeddedKafkaBroker broker) {
        Properties properties = new Properties();
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        return new KafkaConsumer<>(properties, new StringDeserializer(),
                new SpecificAvroDeserializer<>(client, RescheduleDecision.class));
    }

    private static Map<TopicPartition, Long> endOffsets(EmbeddedKafkaBroker broker) {
        try (KafkaConsumer<String, RescheduleDecision> consumer = consumer(broker)) {
            String topic = TopicCatalog.RESCHEDULE_DECISIONS.name();
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            return consumer.endOffsets(partitions);
        }
    }

    /** Reads the committed decisions after the offsets in {@code from} (from the start where absent). */
    private static List<RescheduleDecision> readDecisions(EmbeddedKafkaBroker broker, Map<TopicPartition, Long> from) {
        List<RescheduleDecision> values = new ArrayList<>();
        try (KafkaConsumer<String, RescheduleDecision> consumer = consumer(broker)) {
            String topic = TopicCatalog.RESCHEDULE_DECISIONS.name();
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            for (TopicPartition partition : partitions) {
                consumer.seek(partition, from.getOrDefault(partition, 0L));
            }
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p)) && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(record -> values.add(record.value()));
            }
        }
        return values;
    }
}
