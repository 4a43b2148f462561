package dev.edgeplane.infra.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedKafkaBrokerTest {

    @Test
    void producesAndConsumesRecords() throws Exception {
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder().build().start()) {
            createTopic(broker.bootstrapServers(), "roundtrip");

            produce(broker.bootstrapServers(), "roundtrip", List.of("a", "b", "c"));

            assertThat(consume(broker.bootstrapServers(), "roundtrip", 3)).containsExactly("a", "b", "c");
        }
    }

    @Test
    void closeIsIdempotentAndRemovesTemporaryData() {
        EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder().build().start();
        Path dataDir = broker.dataDir();
        assertThat(dataDir).isDirectory();

        broker.close();
        broker.close();

        assertThat(dataDir).doesNotExist();
        assertThatThrownBy(broker::bootstrapServers).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(broker::start).hasMessageContaining("closed");
    }

    @Test
    void closeWithoutShutdownHookDeletesData() {
        EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder().closeOnJvmShutdown(false).build().start();
        Path dataDir = broker.dataDir();

        broker.close();

        assertThat(dataDir).doesNotExist();
    }

    @Test
    void restartOnSameFolderKeepsRecords(@TempDir Path dir) throws Exception {
        Path dataDir = dir.resolve("kafka");
        try (EmbeddedKafkaBroker first = EmbeddedKafkaBroker.builder().dataDir(dataDir).build().start()) {
            createTopic(first.bootstrapServers(), "durable");
            produce(first.bootstrapServers(), "durable", List.of("kept"));
        }
        assertThat(dataDir.resolve("meta.properties")).exists();

        try (EmbeddedKafkaBroker second = EmbeddedKafkaBroker.builder().dataDir(dataDir).build().start()) {
            assertThat(consume(second.bootstrapServers(), "durable", 1)).containsExactly("kept");
        }
        assertThat(Files.exists(dataDir)).as("a given data folder is kept on close").isTrue();
    }

    @Test
    void fixedPortInUseFails() {
        try (EmbeddedKafkaBroker first = EmbeddedKafkaBroker.builder().build().start()) {
            int takenPort = Integer.parseInt(first.bootstrapServers().split(":")[1]);
            EmbeddedKafkaBroker second = EmbeddedKafkaBroker.builder().brokerPort(takenPort).build();
            try (second) {
                assertThatThrownBy(second::start)
                        .isInstanceOf(BrokerStartException.class)
                        .hasMessageContaining(String.valueOf(takenPort));
            }
        }
    }

    @Test
    void failedStartDeletesTemporaryFolder() {
        try (EmbeddedKafkaBroker first = EmbeddedKafkaBroker.builder().build().start()) {
            int takenPort = Integer.parseInt(first.bootstrapServers().split(":")[1]);
            EmbeddedKafkaBroker second = EmbeddedKafkaBroker.builder().brokerPort(takenPort).build();

            assertThatThrownBy(second::start).isInstanceOf(BrokerStartException.class);

            // The caller got no started broker, so nothing else would delete the folder.
            assertThat(second.dataDir()).doesNotExist();
        }
    }

    @Test
    void secondBrokerOnSameFolderIsRejected(@TempDir Path dir) throws Exception {
        Path dataDir = dir.resolve("kafka");
        try (EmbeddedKafkaBroker first = EmbeddedKafkaBroker.builder().dataDir(dataDir).build().start()) {
            createTopic(first.bootstrapServers(), "guarded");
            produce(first.bootstrapServers(), "guarded", List.of("before"));

            EmbeddedKafkaBroker second = EmbeddedKafkaBroker.builder().dataDir(dataDir).build();
            try (second) {
                assertThatThrownBy(second::start)
                        .isInstanceOf(BrokerStartException.class)
                        .hasMessageContaining("in use by another running broker");
            }

            produce(first.bootstrapServers(), "guarded", List.of("after"));
            assertThat(consume(first.bootstrapServers(), "guarded", 2)).containsExactly("before", "after");
        }
    }

    @Test
    void folderWithOtherFilesIsRejected(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("notes.txt"), "not a Kafka log");

        EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder().dataDir(dir).build();
        try (broker) {
            assertThatThrownBy(broker::start)
                    .isInstanceOf(BrokerStartException.class)
                    .hasMessageContaining("not a Kafka log folder")
                    .hasMessageContaining("notes.txt");
        }
        assertThat(dir.resolve("meta.properties")).doesNotExist();
    }

    @Test
    void controllerPortInUseFails() throws Exception {
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder().controllerPort(taken.getLocalPort()).build();
            try (broker) {
                assertThatThrownBy(broker::start)
                        .isInstanceOf(BrokerStartException.class)
                        .hasMessageContaining("controller port " + taken.getLocalPort());
            }
        }
    }

    @Test
    void invalidPortsAreRejected() {
        assertThatThrownBy(() -> EmbeddedKafkaBroker.builder().brokerPort(70000))
                .hasMessageContaining("70000");
        assertThatThrownBy(() -> EmbeddedKafkaBroker.builder().brokerPort(9000).controllerPort(9000).build())
                .hasMessageContaining("9000");
    }

    static void createTopic(String bootstrap, String topic) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            admin.createTopics(Set.of(new NewTopic(topic, 1, (short) 1))).all().get();
        }
    }

    static void produce(String bootstrap, String topic, List<String> values) throws Exception {
        Map<String, Object> config = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(config, new StringSerializer(), new StringSerializer())) {
            for (String value : values) {
                producer.send(new ProducerRecord<>(topic, value)).get();
            }
        }
    }

    static List<String> consume(String bootstrap, String topic, int expected) {
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, "test-" + topic,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (values.size() < expected && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    values.add(record.value());
                }
            }
        }
        return values;
    }
}
