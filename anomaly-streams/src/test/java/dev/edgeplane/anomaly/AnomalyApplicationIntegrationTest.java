package dev.edgeplane.anomaly;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;

import dev.edgeplane.event.cluster.PodPlacement;
import dev.edgeplane.event.deadletter.DeadLetter;
import dev.edgeplane.event.deadletter.FailedStage;
import dev.edgeplane.event.decision.RescheduleDecision;
import dev.edgeplane.event.decision.RescheduleStrategy;
import dev.edgeplane.event.state.NodeHealth;
import dev.edgeplane.infra.kafka.EmbeddedKafkaBroker;
import dev.edgeplane.registry.SchemaRegistryServer;
import dev.edgeplane.schemas.catalog.TopicCatalog;
import dev.edgeplane.schemas.registry.RestSchemaRegistryClient;
import dev.edgeplane.schemas.serde.SpecificAvroDeserializer;
import dev.edgeplane.testkit.WithKafkaBroker;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole application on the in-process broker with the schema registry, under exactly-once v2,
 * stopped half-way and restarted. Unreadable records become dead letters, and the decisions match
 * the test driver. {@link AnomalyReplayIntegrationTest} runs a replay under a fresh application id.
 */
@WithKafkaBroker
class AnomalyApplicationIntegrationTest {

    // Two hours back: within the 3-day retention of the telemetry topics, which would otherwise
    // let the broker delete the input before the application reads it.
    static final long T0 = (System.currentTimeMillis() - Duration.ofHours(2).toMillis()) / 60_000 * 60_000;
    static final int WINDOWS = 10;

    static SchemaRegistryServer server;
    static RestSchemaRegistryClient client;

    @BeforeAll
    static void start(EmbeddedKafkaBroker broker) throws Exception {
        server = SchemaRegistryServer.builder().bootstrapServers(broker.bootstrapServers())
                .topic("_schemas-anomaly-it").port(0).build().start();
        client = RestSchemaRegistryClient.forUrl(server.url());
        ScenarioRuns.createCatalogTopics(broker);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void exactlyOnceRunSurvivesRestart(EmbeddedKafkaBroker broker, @TempDir Path stateA) {
        List<CityScenario.Input> inputs = CityScenario.inputs(T0, WINDOWS);
        List<RescheduleDecision> expected = ScenarioRuns.decisionsFromDriver(inputs, Duration.ZERO);
        assertThat(expected).extracting(RescheduleDecision::getStrategy)
                .contains(RescheduleStrategy.DEGRADED_NODE, RescheduleStrategy.BETTER_NODE);

        int half = inputs.size() / 2;
        ScenarioRuns.produce(broker, client, inputs.subList(0, CityScenario.CLUSTER_INPUTS));
        try (AnomalyApplication first = ScenarioRuns.start(broker, client, "anomaly-it-first", stateA)) {
            // NOTE: placements and verdicts reach placement advice through two repartition topics fed
            // by independent tasks, so a verdict can overtake a placement written just before it and
            // decide without that pod. The cluster is therefore routed before any telemetry is sent.
            awaitPlacementsRouted(first, 2);
            ScenarioRuns.produce(broker, client, inputs.subList(CityScenario.CLUSTER_INPUTS, half));
            produceUnreadable(broker);
            // Stop mid-way, after the first windows closed, so the restart continues from committed state.
            Awaitility.await().atMost(Duration.ofSeconds(240)).pollInterval(Duration.ofMillis(500))
                    .until(() -> read(broker, TopicCatalog.NODE_HEALTH.name(), NodeHealth.class, "read_committed")
                            .size() >= 6);
        }
        ScenarioRuns.produce(broker, client, inputs.subList(half, inputs.size()));
        try (AnomalyApplication restarted = ScenarioRuns.start(broker, client, "anomaly-it-first", stateA)) {
            awaitDecisions(broker, expected.size());
        }
        List<RescheduleDecision> committed = readDecisions(broker, "read_committed");
        assertThat(committed).hasSize(expected.size());
        assertThat(committed).extracting(RescheduleDecision::getDecisionId).doesNotHaveDuplicates();
        assertThat(ids(committed)).isEqualTo(ids(expected));
        assertThat(committed).usingRecursiveFieldByFieldElementComparator()
                .containsExactlyInAnyOrderElementsOf(expected);

        List<DeadLetter> letters = readDeadLetters(broker);
        assertThat(letters).singleElement().satisfies(letter -> {
            assertThat(letter.getFailedStage()).isEqualTo(FailedStage.DESERIALIZATION);
            assertThat(letter.getApplication()).isEqualTo("anomaly-it-first");
        });
    }

    private static void awaitPlacementsRouted(AnomalyApplication application, int count) {
        Awaitility.await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200))
                .ignoreException(InvalidStateStoreException.class)
                .until(() -> {
                    ReadOnlyKeyValueStore<String, PodPlacement> pods = application.streams().store(
                            StoreQueryParameters.fromNameAndType(StoreNames.LOCATION_PODS,
                                    QueryableStoreTypes.<String, PodPlacement>keyValueStore()));
                    int routed = 0;
                    try (KeyValueIterator<String, PodPlacement> all = pods.all()) {
                        while (all.hasNext()) {
                            all.next();
                            routed++;
                        }
                    }
                    return routed >= count;
                });
    }

    private static void awaitDecisions(EmbeddedKafkaBroker broker, int count) {
        Awaitility.await().atMost(Duration.ofSeconds(240)).pollInterval(Duration.ofMillis(500))
                .until(() -> readDecisions(broker, "read_committed").size() >= count);
    }

    private static void produceUnreadable(EmbeddedKafkaBroker broker) {
        Properties properties = new Properties();
        properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(properties, new StringSerializer(),
                new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(TopicCatalog.NODE_METRICS.name(), null, T0 + 5_000, "edge-1",
                    new byte[] {7, 7, 7}));
            producer.flush();
        }
    }

    private static List<RescheduleDecision> readDecisions(EmbeddedKafkaBroker broker, String isolation) {
        return read(broker, TopicCatalog.RESCHEDULE_DECISIONS.name(), RescheduleDecision.class, isolation);
    }

    private static List<DeadLetter> readDeadLetters(EmbeddedKafkaBroker broker) {
        return read(broker, TopicCatalog.DEAD_LETTER.name(), DeadLetter.class, "read_committed");
    }

    /** Reads every record of {@code topic} from the start, ordered by partition and offset. */
    private static <T extends SpecificRecord> List<T> read(EmbeddedKafkaBroker broker, String topic, Class<T> type,
            String isolation) {
        Properties properties = new Properties();
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation);
        List<T> values = new ArrayList<>();
        try (KafkaConsumer<String, T> consumer = new KafkaConsumer<>(properties, new StringDeserializer(),
                new SpecificAvroDeserializer<>(client, type))) {
            var partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new org.apache.kafka.common.TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<org.apache.kafka.common.TopicPartition, Long> ends = consumer.endOffsets(partitions);
            List<ConsumerRecord<String, T>> records = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p)) && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
            records.sort((a, b) -> a.partition() != b.partition() ? Integer.compare(a.partition(), b.partition())
                    : Long.compare(a.offset(), b.offset()));
            records.forEach(r -> values.add(r.value()));
        }
        return values;
    }

    private static Set<String> ids(List<RescheduleDecision> decisions) {
        return decisions.stream().map(RescheduleDecision::getDecisionId).collect(Collectors.toSet());
    }
}
