package dev.edgeplane.anomaly;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import dev.edgeplane.event.state.NodeHealth;
import dev.edgeplane.event.state.NodeHealthState;
import dev.edgeplane.infra.kafka.EmbeddedKafkaBroker;
import dev.edgeplane.registry.SchemaRegistryServer;
import dev.edgeplane.schemas.catalog.TopicCatalog;
import dev.edgeplane.schemas.registry.RestSchemaRegistryClient;
import dev.edgeplane.schemas.serde.SpecificAvroDeserializer;
import dev.edgeplane.schemas.serde.SpecificAvroSerializer;
import dev.edgeplane.testkit.WithKafkaBroker;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node that stopped sending metrics while two vantage points report failed probes turns
 * UNREACHABLE. It stays UNREACHABLE across a restart that restores the state from the changelog
 * into an empty state directory, while the probes keep closing its windows.
 */
@WithKafkaBroker
class UnreachableRestartIntegrationTest {

    static final String NODE = "quiet-1";
    static final String APPLICATION_ID = "anomaly-it-unreachable";

    static SchemaRegistryServer server;
    static RestSchemaRegistryClient client;

    @BeforeAll
    static void start(EmbeddedKafkaBroker broker) throws Exception {
        server = SchemaRegistryServer.builder().bootstrapServers(broker.bootstrapServers())
                .topic("_schemas-anomaly-unreachable-it").port(0).build().start();
        client = RestSchemaRegistryClient.forUrl(server.url());
        ScenarioRuns.createCatalogTopics(broker);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void unreachableSurvivesRestart(EmbeddedKafkaBroker broker, @TempDir Path firstState, @TempDir Path secondState)
            throws Exception {
        // Other tests on the shared broker wrote node-health records with their own schema registry.
        Map<TopicPartition, Long> endBeforeStart = endOffsets(broker);
        ScheduledExecutorService probes = Executors.newSingleThreadScheduledExecutor();
        try (KafkaProducer<String, SpecificRecord> producer = producer(broker)) {
            try (AnomalyApplication first = start(broker, firstState)) {
                // The application reads from the end of the topics, so the node speaks once it runs.
                Awaitility.await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(100))
                        .until(() -> first.streams().state() == KafkaStreams.State.RUNNING);
                long now = System.currentTimeMillis();
                for (int i = 0; i < 3; i++) {
                    send(producer, TopicCatalog.NODE_METRICS.name(), Events.metrics(NODE, now + i * 100L, 0.3),
                            now + i * 100L);
                }
                producer.flush();
                // Failed probes from two vantage points every 200 ms: they close the node's windows,
                // which hold no metrics, and are the evidence for UNREACHABLE.
                probes.scheduleAtFixedRate(() -> {
                    long at = System.currentTimeMillis();
                    send(producer, TopicCatalog.LINK_LATENCY.name(), Events.probe("vp-1", NODE, at, null, 1.0), at);
                    send(producer, TopicCatalog.LINK_LATENCY.name(), Events.probe("vp-2", NODE, at, null, 1.0), at);
                    producer.flush();
                }, 0, 200, TimeUnit.MILLISECONDS);

                Awaitility.await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(300))
                        .until(() -> latestState(readHealth(broker, endBeforeStart)) == NodeHealthState.UNREACHABLE);
            }
            Map<TopicPartition, Long> endBeforeRestart = endOffsets(broker);

            try (AnomalyApplication restarted = start(broker, secondState)) {
                // Several windows close after the restart, and the silence check runs many times.
                Awaitility.await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(300))
                        .until(() -> readHealth(broker, endBeforeRestart).size() >= 4);
            }
            List<NodeHealth> afterRestart = readHealth(broker, endBeforeRestart);
            assertThat(afterRestart).extracting(NodeHealth::getState).containsOnly(NodeHealthState.UNREACHABLE);
            assertThat(afterRestart).allSatisfy(health -> {
                assertThat(health.getPreviousState()).isNotEqualTo(NodeHealthState.UNREACHABLE);
                assertThat(health.getReasons()).anySatisfy(reason -> assertThat(reason).contains("No node-metrics for"));
            });
        } finally {
            probes.shutdownNow();
            probes.awaitTermination(10, TimeUnit.SECONDS);
        }
    }

    private static AnomalyApplication start(EmbeddedKafkaBroker broker, Path stateDir) {
        Map<String, Object> settings = new HashMap<>();
        settings.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        settings.put(AnomalyConfig.APPLICATION_ID_CONFIG, APPLICATION_ID);
        settings.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        settings.put(AnomalyConfig.WINDOW_SIZE_MS_CONFIG, 1_000L);
        settings.put(AnomalyConfig.WINDOW_GRACE_MS_CONFIG, 0L);
        settings.put(AnomalyConfig.SILENCE_MS_CONFIG, 2_000L);
        settings.put(AnomalyConfig.CHECK_INTERVAL_MS_CONFIG, 200L);
        settings.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        AnomalyApplication application = AnomalyApplication.create(settings, client, new SimpleMeterRegistry());
        application.start();
        return application;
    }

    private static KafkaProducer<String, SpecificRecord> producer(EmbeddedKafkaBroker broker) {
        Properties properties = new Properties();
        properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        return new KafkaProducer<>(properties, new StringSerializer(), new SpecificAvroSerializer<>(client));
    }

    private static void send(KafkaProducer<String, SpecificRecord> producer, String topic, SpecificRecord value,
            long timestamp) {
        producer.send(new ProducerRecord<>(topic, null, timestamp, NODE, value));
    }

    private static NodeHealthState latestState(List<NodeHealth> records) {
        return records.isEmpty() ? null : records.get(records.size() - 1).getState();
    }

    private static Map<TopicPartition, Long> endOffsets(EmbeddedKafkaBroker broker) {
        try (KafkaConsumer<String, NodeHealth> consumer = consumer(broker)) {
            String topic = TopicCatalog.NODE_HEALTH.name();
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            return consumer.endOffsets(partitions);
        }
    }

    /** Reads the committed node-health records of the node from the offsets {@code from}, in order. */
    private static List<NodeHealth> readHealth(EmbeddedKafkaBroker broker, Map<TopicPartition, Long> from) {
        List<NodeHealth> values = new ArrayList<>();
        try (KafkaConsumer<String, NodeHealth> consumer = consumer(broker)) {
            String topic = TopicCatalog.NODE_HEALTH.name();
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            partitions.forEach(p -> consumer.seek(p, from.get(p)));
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p)) && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, NodeHealth> record : consumer.poll(Duration.ofMillis(200))) {
                    if (NODE.equals(record.key())) {
                        values.add(record.value());
                    }
                }
            }
        }
        return values;
    }

    private static KafkaConsumer<String, NodeHealth> consumer(EmbeddedKafkaBroker broker) {
        Properties properties = new Properties();
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        return new KafkaConsumer<>(properties, new StringDeserializer(),
                new SpecificAvroDeserializer<>(client, NodeHealth.class));
    }
}
