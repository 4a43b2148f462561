package dev.edgeplane.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;

import dev.edgeplane.event.deadletter.DeadLetter;
import dev.edgeplane.event.deadletter.FailedStage;
import dev.edgeplane.event.telemetry.NodeMetrics;
import dev.edgeplane.infra.kafka.EmbeddedKafkaBroker;
import dev.edgeplane.schemas.deadletter.DeadLetters;
import dev.edgeplane.schemas.deadletter.RejectedRecord;
import dev.edgeplane.schemas.testing.InMemorySchemaRegistryClient;
import dev.edgeplane.schemas.testing.SampleEvents;
import dev.edgeplane.testkit.WithKafkaBroker;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RecordDeserializationException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * Producers and consumers with the serdes against a real broker: records round-trip, and a consumer
 * that hits unreadable bytes learns their partition and offset, builds a dead letter and moves on.
 */
@WithKafkaBroker
class SerdesKafkaIntegrationTest {

    private static final String TOPIC = "serdes-it.node-metrics";

    private final InMemorySchemaRegistryClient registry = new InMemorySchemaRegistryClient();

    @Test
    void consumerSkipsUnreadableRecordWithPosition(EmbeddedKafkaBroker broker) throws Exception {
        createTopic(broker, TOPIC);
        NodeMetrics first = SampleEvents.nodeMetrics();
        NodeMetrics second = SampleEvents.nodeMetrics();
        second.setPodCount(18);
        try (KafkaProducer<String, NodeMetrics> producer = new KafkaProducer<>(producerConfig(broker),
                new StringSerializer(), new SpecificAvroSerializer<>(registry));
             KafkaProducer<String, byte[]> rawProducer = new KafkaProducer<>(producerConfig(broker),
                     new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(TOPIC, 0, "edge-harbor-1", first)).get();
            rawProducer.send(new ProducerRecord<>(TOPIC, 0, "edge-harbor-1", new byte[] {0, 0, 0, 0x7f})).get();
            producer.send(new ProducerRecord<>(TOPIC, 0, "edge-harbor-1", second)).get();
        }

        List<NodeMetrics> read = new ArrayList<>();
        List<RecordDeserializationException> rejected = new ArrayList<>();
        try (KafkaConsumer<String, NodeMetrics> consumer = new KafkaConsumer<>(consumerConfig(broker),
                new StringDeserializer(), new SpecificAvroDeserializer<>(registry, NodeMetrics.class))) {
            TopicPartition partition = new TopicPartition(TOPIC, 0);
            consumer.assign(Set.of(partition));
            consumer.seekToBeginning(Set.of(partition));
            await().atMost(Duration.ofSeconds(20)).until(() -> {
                try {
                    consumer.poll(Duration.ofMillis(100)).forEach(record -> read.add(record.value()));
                } catch (RecordDeserializationException e) {
                    rejected.add(e);
                    consumer.seek(e.topicPartition(), e.offset() + 1);
                }
                return read.size() == 2;
            });
        }

        assertThat(read).containsExactly(first, second);
        assertThat(rejected).hasSize(1);
        RecordDeserializationException failure = rejected.get(0);
        WireFormatException unreadable = WireFormatException.find(failure);
        assertThat(unreadable).isNotNull();
        assertThat(unreadable.atPosition(failure.topicPartition().partition(), failure.offset()).getMessage())
                .startsWith("Invalid record value in topic 'serdes-it.node-metrics', partition 0, offset 1: TRUNCATED");

        DeadLetter letter = DeadLetters.create(RejectedRecord.of(failure), FailedStage.DESERIALIZATION,
                "serdes-it", unreadable, Instant.EPOCH);
        assertThat(letter.getSourceOffset()).isEqualTo(1L);
        assertThat(letter.getValue().array()).containsExactly(0, 0, 0, 0x7f);
        assertThat(letter.getSourceTimestamp()).isNotNull();
    }

    private static void createTopic(EmbeddedKafkaBroker broker, String topic)
            throws InterruptedException, ExecutionException {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
        }
    }

    private static Map<String, Object> producerConfig(EmbeddedKafkaBroker broker) {
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        return config;
    }

    private static Map<String, Object> consumerConfig(EmbeddedKafkaBroker broker) {
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        return config;
    }
}
