package dev.edgeplane.ingest.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.edgeplane.event.telemetry.LinkLatency;
import dev.edgeplane.event.telemetry.NodeMetrics;
import dev.edgeplane.event.telemetry.ReplicaMetrics;
import dev.edgeplane.infra.kafka.EmbeddedKafkaBroker;
import dev.edgeplane.ingest.agent.internal.EventBuffer;
import dev.edgeplane.ingest.agent.internal.KafkaSender;
import dev.edgeplane.ingest.agent.internal.SendLoop;
import dev.edgeplane.registry.SchemaRegistryServer;
import dev.edgeplane.schemas.catalog.TopicCatalog;
import dev.edgeplane.schemas.serde.SpecificAvroDeserializer;
import dev.edgeplane.testkit.WithKafkaBroker;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Kafka-direct mode on a broker of its own, whose telemetry topics do not exist when the agent
 * starts sending, so that the first attempts fail and the events wait in the buffer.
 */
@WithKafkaBroker(scope = WithKafkaBroker.Scope.CLASS)
class KafkaDirectSendingTest {

    private static final List<String> TOPICS = List.of(TopicCatalog.NODE_METRICS.name(), TopicCatalog.LINK_LATENCY.name(),
            TopicCatalog.REPLICA_METRICS.name());

    private static SchemaRegistryServer registry;

    @BeforeAll
    static void startRegistry(EmbeddedKafkaBroker broker) {
        registry = SchemaRegistryServer.builder().bootstrapServers(broker.bootstrapServers())
                .topic("_schemas-agent").port(0).build().start();
    }

    @AfterAll
    static void stopRegistry() {
        registry.close();
    }

    @Test
    void eventsWaitForTopicsThenArriveOnce(EmbeddedKafkaBroker broker) throws Exception {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        EventBuffer buffer = new EventBuffer(100, "agent-edge-1", 1);
        List<String> ids = new ArrayList<>();
        ids.add(buffer.add(SampleTelemetry.link("edge-2", 900.0)).id());
        ids.add(buffer.add(SampleTelemetry.node(1.5)).id());
        ids.add(buffer.add(SampleTelemetry.replica("camera-a")).id());
        KafkaSender sender = new KafkaSender(broker.bootstrapServers(),
                Map.of(AgentConfigDef.SCHEMA_REGISTRY_URL, registry.url()), "agent-edge-1", Duration.ofSeconds(2),
                Clock.systemUTC());

        try (SendLoop loop = new SendLoop(buffer, sender, 10, Duration.ofMillis(10), Duration.ofMillis(100),
                Duration.ofMillis(500), meters)) {
            loop.start();
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> meters.counter("edgeplane.agent.send.retries").count() >= 1);
            assertThat(buffer.size()).isEqualTo(3);

            createTopics(broker);
            await().atMost(Duration.ofSeconds(30)).until(() -> buffer.size() == 0);
        }

        Map<String, List<ConsumerRecord<String, SpecificRecord>>> byId = consumeAll(broker, 3);
        assertThat(byId.keySet()).containsExactlyInAnyOrderElementsOf(ids);
        byId.values().forEach(records -> assertThat(records).hasSize(1));

        ConsumerRecord<String, SpecificRecord> link = byId.get(ids.get(0)).get(0);
        assertThat(link.topic()).isEqualTo(TopicCatalog.LINK_LATENCY.name());
        assertThat(link.key()).isEqualTo("edge-2");
        assertThat(((LinkLatency) link.value()).getRttMicros()).isEqualTo(900.0);
        assertThat(((LinkLatency) link.value()).getReceiveTime()).isAfter(SampleTelemetry.TIME);

        ConsumerRecord<String, SpecificRecord> node = byId.get(ids.get(1)).get(0);
        assertThat(node.topic()).isEqualTo(TopicCatalog.NODE_METRICS.name());
        assertThat(node.key()).isEqualTo("edge-1");
        assertThat(((NodeMetrics) node.value()).getCpuUsedCores()).isEqualTo(1.5);

        ConsumerRecord<String, SpecificRecord> replica = byId.get(ids.get(2)).get(0);
        assertThat(replica.topic()).isEqualTo(TopicCatalog.REPLICA_METRICS.name());
        assertThat(replica.key()).isEqualTo("city/camera-a");
        assertThat(((ReplicaMetrics) replica.value()).getFogService()).isEqualTo("video-analytics");

        assertThat(meters.counter("edgeplane.agent.events.sent", "outcome", "accepted").count()).isEqualTo(3.0);
    }

    private static void createTopics(EmbeddedKafkaBroker broker) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
            List<NewTopic> topics = TOPICS.stream().map(name -> new NewTopic(name, 1, (short) 1)).toList();
            admin.createTopics(topics).all().get();
        }
    }

    /** Reads every record of the telemetry topics, grouped by the event-id header, until {@code expected} ids arrived. */
    private static Map<String, List<ConsumerRecord<String, SpecificRecord>>> consumeAll(EmbeddedKafkaBroker broker,
            int expected) {
        SpecificAvroDeserializer<SpecificRecord> values = new SpecificAvroDeserializer<>();
        values.configure(Map.of(AgentConfigDef.SCHEMA_REGISTRY_URL, registry.url()), false);
        Map<String, List<ConsumerRecord<String, SpecificRecord>>> byId = new HashMap<>();
        try (KafkaConsumer<String, SpecificRecord> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "agent-kafka-direct-test",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), values)) {
            consumer.subscribe(Set.copyOf(TOPICS));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            int quietPolls = 0;
            // Poll until every id arrived and two more polls bring nothing, so a duplicate would show.
            while (System.nanoTime() < deadline && (byId.size() < expected || quietPolls < 2)) {
                var records = consumer.poll(Duration.ofMillis(500));
                quietPolls = records.isEmpty() ? quietPolls + 1 : 0;
                for (ConsumerRecord<String, SpecificRecord> record : records) {
                    String id = new String(record.headers().lastHeader(KafkaSender.EVENT_ID_HEADER).value(),
                            StandardCharsets.UTF_8);
                    byId.computeIfAbsent(id, key -> new ArrayList<>()).add(record);
                }
            }
        }
        return byId;
    }
}
