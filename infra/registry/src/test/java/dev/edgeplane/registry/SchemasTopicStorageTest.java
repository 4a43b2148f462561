package dev.edgeplane.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.edgeplane.infra.kafka.EmbeddedKafkaBroker;
import dev.edgeplane.testkit.WithKafkaBroker;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** The registry's use of its Kafka topic: restarts, fencing, conflicts and topic layout. */
@WithKafkaBroker
class SchemasTopicStorageTest {

    private static SchemaRegistryServer startOn(EmbeddedKafkaBroker broker, String topic) {
        return SchemaRegistryServer.builder().bootstrapServers(broker.bootstrapServers()).topic(topic).port(0).build().start();
    }

    @Test
    void restartKeepsIdsVersionsAndLevels(EmbeddedKafkaBroker broker) {
        String topic = "_schemas-restart";
        int first;
        int second;
        try (SchemaRegistryServer registry = startOn(broker, topic)) {
            RegistryHttp http = new RegistryHttp(registry.url());
            http.put("/config", "{\"compatibility\":\"FULL\"}");
            http.setLevel("restart-b-value", "NONE");
            first = http.register("restart-a-value", Schemas.NAME_ONLY);
            second = http.register("restart-b-value", Schemas.NAME_AS_INT);
            http.delete("/subjects/restart-a-value/versions/1");
        }

        try (SchemaRegistryServer registry = startOn(broker, topic)) {
            RegistryHttp http = new RegistryHttp(registry.url());

            assertThat(http.get("/schemas/ids/" + first).status()).isEqualTo(200);
            assertThat(http.get("/subjects/restart-b-value/versions/1").json().get("id").asInt()).isEqualTo(second);
            assertThat(http.get("/subjects").json()).extracting(node -> node.asText()).containsExactly("restart-b-value");
            assertThat(http.get("/config").json().get("compatibilityLevel").asText()).isEqualTo("FULL");
            assertThat(http.get("/config/restart-b-value").json().get("compatibilityLevel").asText()).isEqualTo("NONE");
            assertThat(http.register("restart-c-value", Schemas.AGE_REQUIRED)).as("ids continue after the largest").isEqualTo(second + 1);
            assertThat(http.register("restart-a-value", Schemas.NAME_ONLY)).isEqualTo(first);
            assertThat(http.get("/subjects/restart-a-value/versions").json()).extracting(node -> node.asInt()).containsExactly(2);
        }
    }

    @Test
    void secondInstanceFencesFirst(EmbeddedKafkaBroker broker) {
        String topic = "_schemas-fencing";
        try (SchemaRegistryServer first = startOn(broker, topic)) {
            RegistryHttp firstHttp = new RegistryHttp(first.url());
            int id = firstHttp.register("fenced-value", Schemas.NAME_ONLY);

            try (SchemaRegistryServer second = startOn(broker, topic)) {
                RegistryHttp secondHttp = new RegistryHttp(second.url());

                RegistryHttp.Reply refused = firstHttp.post("/subjects/fenced-other-value/versions", RegistryHttp.schemaBody(Schemas.NAME_AS_INT));
                assertThat(refused.status()).isEqualTo(500);
                assertThat(refused.errorCode()).isEqualTo(50001);
                assertThat(refused.message()).contains("another instance").contains("edgeplane-registry-" + topic);

                assertThat(secondHttp.get("/schemas/ids/" + id).status()).isEqualTo(200);
                int next = secondHttp.register("fenced-other-value", Schemas.NAME_AS_INT);
                assertThat(next).isEqualTo(id + 1);
                Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                        assertThat(firstHttp.get("/schemas/ids/" + next).status()).as("the fenced instance still reads").isEqualTo(200));
            }
        }
    }

    @Test
    void conflictingRecordStopsWrites(EmbeddedKafkaBroker broker) {
        String topic = "_schemas-conflict";
        try (SchemaRegistryServer registry = startOn(broker, topic)) {
            RegistryHttp http = new RegistryHttp(registry.url());
            int id = http.register("conflict-value", Schemas.NAME_ONLY);

            // A writer that bypasses the transactional id binds the same id to another schema.
            String value = "{\"subject\":\"rogue-value\",\"version\":1,\"id\":" + id + ",\"schema\":"
                    + new ObjectMapper().valueToTree(Schemas.NAME_AS_INT) + ",\"deleted\":false}";
            produce(broker, topic, "{\"keytype\":\"SCHEMA\",\"subject\":\"rogue-value\",\"version\":1,\"magic\":1}", value);

            Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                RegistryHttp.Reply refused = http.post("/subjects/after-conflict-value/versions", RegistryHttp.schemaBody(Schemas.AGE_REQUIRED));
                assertThat(refused.status()).isEqualTo(500);
                assertThat(refused.errorCode()).isEqualTo(50001);
                assertThat(refused.message()).contains("conflicting records").contains("Schema id " + id);
            });
            assertThat(http.get("/subjects").json()).extracting(node -> node.asText()).doesNotContain("rogue-value");
            assertThat(http.get("/schemas/ids/" + id).json().get("schema").asText()).contains("\"string\"");
        }
    }

    @Test
    void foreignRecordsAreSkipped(EmbeddedKafkaBroker broker) {
        String topic = "_schemas-foreign";
        try (SchemaRegistryServer registry = startOn(broker, topic)) {
            new RegistryHttp(registry.url()).register("before-value", Schemas.NAME_ONLY);
        }
        produce(broker, topic, "not json", "{}");
        produce(broker, topic, "{\"keytype\":\"NOOP\",\"magic\":0}", null);

        try (SchemaRegistryServer registry = startOn(broker, topic)) {
            RegistryHttp http = new RegistryHttp(registry.url());

            assertThat(http.get("/subjects").json()).extracting(node -> node.asText()).containsExactly("before-value");
            assertThat(http.register("after-value", Schemas.NAME_AS_INT)).isEqualTo(2);
        }
    }

    @Test
    void topicWithSeveralPartitionsIsRejected(EmbeddedKafkaBroker broker) throws Exception {
        createTopic(broker, new NewTopic("_schemas-partitioned", 3, (short) 1).configs(Map.of("cleanup.policy", "compact")));

        assertThatThrownBy(() -> startOn(broker, "_schemas-partitioned"))
                .isInstanceOf(RegistryStartException.class)
                .hasMessageContaining("'_schemas-partitioned' has 3 partitions")
                .hasMessageContaining("kafkastore.topic");
    }

    @Test
    void topicWithoutCompactionIsRejected(EmbeddedKafkaBroker broker) throws Exception {
        createTopic(broker, new NewTopic("_schemas-deleting", 1, (short) 1).configs(Map.of("cleanup.policy", "delete")));

        assertThatThrownBy(() -> startOn(broker, "_schemas-deleting"))
                .isInstanceOf(RegistryStartException.class)
                .hasMessageContaining("cleanup.policy=delete")
                .hasMessageContaining("cleanup.policy=compact");
    }

    @Test
    void closeIsIdempotentAndStopsServing(EmbeddedKafkaBroker broker) {
        SchemaRegistryServer registry = startOn(broker, "_schemas-close");
        String url = registry.url();

        registry.close();
        registry.close();

        assertThatThrownBy(registry::url).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(registry::start).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
        assertThatThrownBy(() -> new RegistryHttp(url).get("/subjects")).isInstanceOf(UncheckedIOException.class);
    }

    @Test
    void unreachableClusterFailsStartInTime() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        SchemaRegistryServer registry = SchemaRegistryServer.builder().bootstrapServers("127.0.0.1:" + closedPort).port(0)
                .set(SchemaRegistryServerConfig.INIT_TIMEOUT_MS_CONFIG, 1_000).build();

        assertThatThrownBy(registry::start)
                .isInstanceOf(RegistryStartException.class)
                .hasMessageContaining("did not respond")
                .hasMessageContaining("kafkastore.bootstrap.servers");
        assertThatThrownBy(registry::url).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void unresolvableBootstrapIsAStartError() {
        SchemaRegistryServer registry = SchemaRegistryServer.builder().bootstrapServers("no port here").port(0).build();

        assertThatThrownBy(registry::start)
                .isInstanceOf(RegistryStartException.class)
                .hasMessageContaining("no port here");
    }

    @Test
    void missingBootstrapServersIsAConfigError() {
        assertThatThrownBy(() -> SchemaRegistryServer.builder().port(0).build())
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(SchemaRegistryServerConfig.BOOTSTRAP_SERVERS_CONFIG);
        assertThatThrownBy(() -> SchemaRegistryServer.builder().bootstrapServers("127.0.0.1:1").set("schema.compatibility.level", "SOME").build())
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("SOME");
    }

    private static void produce(EmbeddedKafkaBroker broker, String topic, String key, String value) {
        Properties props = new Properties();
        props.put("bootstrap.servers", broker.bootstrapServers());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props, new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(topic, 0, key, value)).get();
        } catch (Exception e) {
            throw new AssertionError("Producing to " + topic + " failed", e);
        }
    }

    private static void createTopic(EmbeddedKafkaBroker broker, NewTopic topic) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
            admin.createTopics(List.of(topic)).all().get();
        }
    }
}
