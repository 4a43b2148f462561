package dev.edgeplane.ingest.simulate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.edgeplane.event.telemetry.LinkLatency;
import dev.edgeplane.event.telemetry.NodeMetrics;
import dev.edgeplane.infra.kafka.EmbeddedKafkaBroker;
import dev.edgeplane.registry.SchemaRegistryServer;
import dev.edgeplane.schemas.catalog.TopicCatalog;
import dev.edgeplane.schemas.serde.SpecificAvroDeserializer;
import dev.edgeplane.testkit.WithKafkaBroker;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
import org.junit.jupiter.api.io.TempDir;

// A broker of its own: the gateway's tests write to the same telemetry topics with schema ids of
// another registry, which this test's consumer, reading from the start, could not decode.
@WithKafkaBroker(scope = WithKafkaBroker.Scope.CLASS)
class SimulatorKafkaTest {

  private static final List<String> TOPICS = List.of(TopicCatalog.NODE_METRICS.name(), TopicCatalog.LINK_LATENCY.name(),
      TopicCatalog.REPLICA_METRICS.name());

  private static SchemaRegistryServer registry;

  @BeforeAll
  static void start(EmbeddedKafkaBroker broker) throws Exception {
    registry = SchemaRegistryServer.builder().bootstrapServers(broker.bootstrapServers())
        .topic("_schemas-simulator").port(0).build().start();
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
      Set<String> existing = admin.listTopics().names().get();
      List<NewTopic> missing = TOPICS.stream().filter(topic -> !existing.contains(topic))
          .map(topic -> new NewTopic(topic, 3, (short) 1)).toList();
      admin.createTopics(missing).all().get();
    }
  }

  @AfterAll
  static void stop() {
    registry.close();
  }

  @Test
  void virtualRunProducesAvroEventsWithIds(EmbeddedKafkaBroker broker, @TempDir Path dir) throws Exception {
    Path scenario = dir.resolve("silent.yaml");
    Files.writeString(scenario, "name: silent\ndurationMs: 20000\nfaults:\n  - kind: silent-node\n    atMs: 10000\n"
        + "    node: edge-ap-03\n");
    Map<String, Object> settings = CitySimulatorTest.settings(42);
    settings.put(SimulatorConfig.SCENARIO_FILE, scenario.toString());
    settings.put(SimulatorConfig.BOOTSTRAP_SERVERS, broker.bootstrapServers());
    settings.put(SimulatorConfig.SCHEMA_REGISTRY_URL, registry.url());
    SimulatorConfig config = new SimulatorConfig(settings);
    CitySimulator simulator = CitySimulator.create(config, 0);
    RecordingSink expected = CitySimulatorTest.run(settings, 0, 3);

    long sent;
    try (KafkaTelemetrySink sink = new KafkaTelemetrySink(config)) {
      new SimulationRunner(simulator, sink, true, 0, System::currentTimeMillis).run();
      sink.flush();
      sent = sink.sent();
      assertThat(sink.acknowledged()).isEqualTo(sent);
      assertThat(sink.failed()).isZero();
    }

    List<ConsumerRecord<String, SpecificRecord>> records = consumeAll(broker, sent);
    assertThat(sent).isEqualTo(expected.all.size());
    Set<String> ids = new HashSet<>();
    List<NodeMetrics> nodeMetrics = new ArrayList<>();
    for (ConsumerRecord<String, SpecificRecord> record : records) {
      ids.add(new String(record.headers().lastHeader(KafkaTelemetrySink.EVENT_ID_HEADER).value(), StandardCharsets.UTF_8));
      if (record.value() instanceof NodeMetrics metrics) {
        assertThat(record.key()).isEqualTo(metrics.getNode());
        nodeMetrics.add(metrics);
      } else if (record.value() instanceof LinkLatency link) {
        assertThat(record.key()).isEqualTo(link.getTargetNode());
      }
    }
    assertThat(ids).hasSize(records.size());
    assertThat(ids).containsAll(expected.all.stream().map(RecordingSink.Event::id).toList());
    assertThat(nodeMetrics).containsExactlyInAnyOrderElementsOf(expected.nodeMetrics);
    assertThat(nodeMetrics).filteredOn(m -> m.getNode().equals("edge-ap-03")).hasSize(1);
  }

  @Test
  void missingBootstrapServersIsNamed() {
    SimulatorConfig config = new SimulatorConfig(CitySimulatorTest.settings(42));

    assertThatThrownBy(() -> new KafkaTelemetrySink(config))
        .hasMessageContaining("Missing bootstrap.servers")
        .hasMessageContaining("--bootstrap-server");
  }

  private static List<ConsumerRecord<String, SpecificRecord>> consumeAll(EmbeddedKafkaBroker broker, long expected) {
    Map<String, Object> settings = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
        ConsumerConfig.GROUP_ID_CONFIG, "simulator-test", ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
        "schema.registry.url", registry.url());
    SpecificAvroDeserializer<SpecificRecord> deserializer = new SpecificAvroDeserializer<>();
    deserializer.configure(settings, false);
    List<ConsumerRecord<String, SpecificRecord>> records = new ArrayList<>();
    try (KafkaConsumer<String, SpecificRecord> consumer = new KafkaConsumer<>(settings, new StringDeserializer(),
        deserializer)) {
      consumer.subscribe(TOPICS);
      long deadline = System.currentTimeMillis() + 60_000;
      while (records.size() < expected && System.currentTimeMillis() < deadline) {
        consumer.poll(Duration.ofMillis(500)).forEach(records::add);
      }
    }
    assertThat(records).hasSize((int) expected);
    return records;
  }
}
