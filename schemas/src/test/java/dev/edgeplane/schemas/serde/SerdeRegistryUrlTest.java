package dev.edgeplane.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.ref.Reference;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

import dev.edgeplane.event.telemetry.NodeMetrics;
import dev.edgeplane.infra.kafka.EmbeddedKafkaBroker;
import dev.edgeplane.registry.SchemaRegistryServer;
import dev.edgeplane.schemas.registry.RestSchemaRegistryClient;
import dev.edgeplane.schemas.registry.SchemaRegistryException;
import dev.edgeplane.schemas.testing.InMemorySchemaRegistryClient;
import dev.edgeplane.schemas.testing.SampleEvents;
import dev.edgeplane.testkit.WithKafkaBroker;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Serdes created by class name build their REST client from {@code schema.registry.url}, as a
 * Kafka client or Kafka Streams creates them, and serdes with the same settings share it.
 */
@WithKafkaBroker
class SerdeRegistryUrlTest {

    private static final String TOPIC = "url-config.node-metrics";

    private static SchemaRegistryServer server;

    @BeforeAll
    static void start(EmbeddedKafkaBroker broker) {
        server = SchemaRegistryServer.builder().bootstrapServers(broker.bootstrapServers())
                .topic("_schemas-serde-url").port(0).build().start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void serdesByClassNameUseRegistryUrl() {
        Map<String, Object> configs = Map.of("schema.registry.url", server.url(), "bootstrap.servers", "unused:9092");
        SpecificAvroSerializer<NodeMetrics> serializer = new SpecificAvroSerializer<>();
        serializer.configure(configs, false);
        SpecificAvroDeserializer<NodeMetrics> deserializer = new SpecificAvroDeserializer<>();
        deserializer.configure(configs, false);

        byte[] bytes = serializer.serialize(TOPIC, SampleEvents.nodeMetrics());

        assertThat(deserializer.deserialize(TOPIC, bytes)).isEqualTo(SampleEvents.nodeMetrics());
        assertThat(RestSchemaRegistryClient.forUrl(server.url()).getLatestVersion(TOPIC + "-value").schema())
                .isEqualTo(NodeMetrics.getClassSchema());
    }

    @Test
    void serdesWithSameSettingsShareClient(EmbeddedKafkaBroker broker) {
        Map<String, Object> configs = new HashMap<>();
        SpecificAvroSerializer<NodeMetrics> first = new SpecificAvroSerializer<>();
        try (SchemaRegistryServer own = SchemaRegistryServer.builder().bootstrapServers(broker.bootstrapServers())
                .topic("_schemas-serde-url-shared").port(0).build().start()) {
            configs.put("schema.registry.url", own.url());
            configs.put("max.retries", 0);
            first.configure(configs, false);
            first.serialize(TOPIC, SampleEvents.nodeMetrics());
        }

        SpecificAvroSerializer<NodeMetrics> second = new SpecificAvroSerializer<>();
        second.configure(configs, false);
        SpecificAvroSerializer<NodeMetrics> otherSettings = new SpecificAvroSerializer<>();
        otherSettings.configure(Map.of("schema.registry.url", configs.get("schema.registry.url"), "max.retries", 0,
                "schema.registry.request.timeout.ms", 2_000), false);

        assertThat(second.serialize(TOPIC, SampleEvents.nodeMetrics()))
                .as("served from the cache of the shared client while the registry is down").isNotEmpty();
        assertThatThrownBy(() -> otherSettings.serialize(TOPIC, SampleEvents.nodeMetrics()))
                .as("other settings get a client of their own with an empty cache")
                .isInstanceOfSatisfying(SchemaRegistryException.class,
                        e -> assertThat(e.status()).isEqualTo(SchemaRegistryException.NO_RESPONSE));
        // The shared client lives only while a serde references it, so keep the first one alive until here.
        Reference.reachabilityFence(first);
    }

    @Test
    void constructorClientWinsOverUrl() {
        InMemorySchemaRegistryClient registry = new InMemorySchemaRegistryClient();
        SpecificAvroSerializer<NodeMetrics> serializer = new SpecificAvroSerializer<>(registry);
        serializer.configure(Map.of("schema.registry.url", "http://127.0.0.1:1"), false);

        serializer.serialize(TOPIC, SampleEvents.nodeMetrics());

        assertThat(registry.registerCalls()).isEqualTo(1);
    }

    @Test
    void invalidUrlFailsConfigure() {
        SpecificAvroDeserializer<NodeMetrics> deserializer = new SpecificAvroDeserializer<>();

        assertThatThrownBy(() -> deserializer.configure(Map.of("schema.registry.url", "registry:8081"), false))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("registry:8081")
                .hasMessageContaining("schema.registry.url");
        assertThatThrownBy(() -> deserializer.configure(Map.of("schema.registry.url", ""), false))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("Set at least one registry URL");
    }

    @Test
    void streamsDefaultSerdeUsesRegistryUrl() {
        StreamsBuilder builder = new StreamsBuilder();
        builder.<String, NodeMetrics>stream(TOPIC + ".in")
                .mapValues(metrics -> NodeMetrics.newBuilder(metrics).setPodCount(metrics.getPodCount() + 1).build())
                .to(TOPIC + ".out");
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "url-config");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.DEFAULT_KEY_SERDE_CLASS_CONFIG, Serdes.StringSerde.class);
        props.put(StreamsConfig.DEFAULT_VALUE_SERDE_CLASS_CONFIG, SpecificAvroSerde.class);
        props.put("schema.registry.url", server.url());
        Map<String, Object> clientConfigs = Map.of("schema.registry.url", server.url());
        SpecificAvroSerializer<NodeMetrics> serializer = new SpecificAvroSerializer<>();
        serializer.configure(clientConfigs, false);
        SpecificAvroDeserializer<NodeMetrics> deserializer = new SpecificAvroDeserializer<>();
        deserializer.configure(clientConfigs, false);

        NodeMetrics read;
        try (TopologyTestDriver driver = new TopologyTestDriver(builder.build(), props)) {
            TestInputTopic<String, NodeMetrics> input = driver.createInputTopic(TOPIC + ".in", new StringSerializer(), serializer);
            TestOutputTopic<String, NodeMetrics> output = driver.createOutputTopic(TOPIC + ".out", new StringDeserializer(),
                    deserializer);
            input.pipeInput("edge-harbor-1", SampleEvents.nodeMetrics());
            read = output.readValue();
        }

        assertThat(read.getPodCount()).isEqualTo(SampleEvents.nodeMetrics().getPodCount() + 1);
        assertThat(RestSchemaRegistryClient.forUrl(server.url()).getLatestVersion(TOPIC + ".out-value").schema())
                .as("registered by the default serde").isEqualTo(NodeMetrics.getClassSchema());
    }
}
