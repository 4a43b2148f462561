package dev.edgeplane.scheduler.schedule;

import static dev.edgeplane.scheduler.schedule.SchedulingFixtures.health;
import static dev.edgeplane.scheduler.schedule.SchedulingFixtures.pod;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.edgeplane.event.audit.ActionAudit;
import dev.edgeplane.event.audit.ActionKind;
import dev.edgeplane.event.audit.ActionOutcome;
import dev.edgeplane.event.state.NodeHealthState;
import dev.edgeplane.infra.kafka.EmbeddedKafkaBroker;
import dev.edgeplane.k8ssim.SimulatedKubernetes;
import dev.edgeplane.k8ssim.SimulatedNode;
import dev.edgeplane.registry.SchemaRegistryServer;
import dev.edgeplane.schemas.catalog.TopicCatalog;
import dev.edgeplane.schemas.catalog.TopicProvisioner;
import dev.edgeplane.schemas.registry.RestSchemaRegistryClient;
import dev.edgeplane.schemas.serde.SpecificAvroDeserializer;
import dev.edgeplane.schemas.serde.SpecificAvroSerializer;
import dev.edgeplane.scheduler.api.v1alpha1.FogService;
import dev.edgeplane.scheduler.api.v1alpha1.FogServiceFixtures;
import dev.edgeplane.scheduler.api.v1alpha1.Placement;
import dev.edgeplane.scheduler.reconcile.FogServiceController;
import dev.edgeplane.scheduler.reconcile.FogServiceControllerConfig;
import dev.edgeplane.testkit.WithKafkaBroker;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The scheduler on the simulated Kubernetes API with a real broker and schema registry. */
@WithKafkaBroker
class EdgeplaneSchedulerTest {

  private static final Duration AT_MOST = Duration.ofSeconds(30);
  private static final String SCHEMAS_TOPIC = "_schemas-scheduler";

  private static SimulatedKubernetes kubernetes;
  private static KubernetesClient client;
  private static SchemaRegistryServer registry;
  private static EdgeplaneScheduler scheduler;
  private static final Map<String, ActionAudit> audits = new ConcurrentHashMap<>();
  private static final AtomicBoolean consuming = new AtomicBoolean(true);
  private static final ExecutorService consumerThread = Executors.newSingleThreadExecutor();
  private static String bootstrapServers;

  @BeforeAll
  static void start(EmbeddedKafkaBroker broker) throws IOException {
    bootstrapServers = broker.bootstrapServers();
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
      new TopicProvisioner(admin, Duration.ofSeconds(30)).provision(List.of(TopicCatalog.NODE_HEALTH,
          TopicCatalog.LINK_LATENCY, TopicCatalog.AUDIT_ACTIONS));
    }
    registry = SchemaRegistryServer.builder().bootstrapServers(bootstrapServers).topic(SCHEMAS_TOPIC).port(0).build()
        .start();
    kubernetes = SimulatedKubernetes.builder().podStartupDelay(Duration.ofMillis(50)).start();
    client = kubernetes.client();
    try (InputStream crd = new FileInputStream(
        Path.of("..", "infra", "k8s", "crds", "fogservices.edgeplane.dev-v1.yml").toFile())) {
      client.apiextensions().v1().customResourceDefinitions().load(crd).create();
    }
    for (int i = 1; i <= 3; i++) {
      kubernetes.addNode(SimulatedNode.builder("edge-" + i).location("junction-1").tier("edge")
          .label("capability.edgeplane.dev/realtime", "true").cpu("2").memory("4Gi").build());
    }
    kubernetes.addNode(SimulatedNode.builder("cloud-1").location("cloud").tier("cloud").cpu("16").memory("64Gi").build());

    scheduler = new EdgeplaneScheduler(client, config("primary"), new SimpleMeterRegistry());
    scheduler.start();
    consumerThread.submit(EdgeplaneSchedulerTest::consumeAudits);
  }

  static SchedulerConfig config(String identity) {
    Map<String, Object> settings = new HashMap<>();
    settings.put(SchedulerConfig.BOOTSTRAP_SERVERS, bootstrapServers);
    settings.put(SchedulerConfig.SCHEMA_REGISTRY_URL, registry.url());
    settings.put(SchedulerConfig.BACKOFF_INITIAL_MS, 100);
    settings.put(SchedulerConfig.LEASE_IDENTITY, identity);
    settings.put(SchedulerConfig.LEASE_DURATION_MS, 1_500);
    settings.put(SchedulerConfig.LEASE_RENEW_DEADLINE_MS, 1_000);
    settings.put(SchedulerConfig.LEASE_RETRY_PERIOD_MS, 200);
    return new SchedulerConfig(settings);
  }

  @AfterAll
  static void stop() {
    consuming.set(false);
    consumerThread.shutdown();
    if (scheduler != null) {
      scheduler.close();
    }
    if (kubernetes != null) {
      kubernetes.close();
    }
    if (registry != null) {
      registry.close();
    }
  }

  @Test
  void pendingPodBoundAndAudited() {
    Pod created = client.pods().resource(pod("camera-0", "camera", "junction-1").namespace("bind").uid(null)
        .build()).create();

    await().atMost(AT_MOST).until(() -> nodeOf("bind", "camera-0") != null);
    String uid = created.getMetadata().getUid();
    await().atMost(AT_MOST).until(() -> audits.containsKey(uid + "/1"));

    assertThat(nodeOf("bind", "camera-0")).startsWith("edge-");
    ActionAudit audit = audits.get(uid + "/1");
    assertThat(audit.getKind()).isEqualTo(ActionKind.BINDING);
    assertThat(audit.getOutcome()).isEqualTo(ActionOutcome.SUCCEEDED);
    assertThat(audit.getToNode()).isEqualTo(nodeOf("bind", "camera-0"));
    assertThat(audit.getDetails()).containsEntry("nodes.total", "4").containsEntry("nodes.feasible", "3")
        .containsEntry("filtered.location.wrong-location", "1")
        .containsKey("score." + audit.getToNode());
    assertThat(audit.getDetails().get("score." + audit.getToNode()))
        .contains("balanced-allocation=", "latency=", "realtime-headroom=", "spread=");
    await().atMost(AT_MOST).until(() -> events("bind", "camera-0").stream()
        .anyMatch(e -> "Scheduled".equals(e.getReason())));
  }

  @Test
  void unschedulablePodGetsEventThenBindsWhenNodeAppears() {
    Pod created = client.pods().resource(pod("sensor-0", "sensor", "junction-9").namespace("waiting").uid(null)
        .build()).create();

    await().atMost(AT_MOST).until(() -> events("waiting", "sensor-0").stream()
        .anyMatch(e -> "FailedScheduling".equals(e.getReason())));
    Event event = events("waiting", "sensor-0").stream().filter(e -> "FailedScheduling".equals(e.getReason()))
        .findFirst().orElseThrow();
    assertThat(event.getType()).isEqualTo("Warning");
    assertThat(event.getMessage()).matches("0/\\d+ nodes available: \\d+ wrong location\\.");
    await().atMost(AT_MOST).until(() -> audits.containsKey(created.getMetadata().getUid() + "/1"));
    assertThat(audits.get(created.getMetadata().getUid() + "/1").getOutcome()).isEqualTo(ActionOutcome.SKIPPED);

    kubernetes.addNode(SimulatedNode.builder("edge-9").location("junction-9").cpu("2").memory("4Gi").build());

    await().atMost(AT_MOST).until(() -> "edge-9".equals(nodeOf("waiting", "sensor-0")));
  }

  @Test
  void degradedNodeFromKafkaAvoided() {
    kubernetes.addNode(SimulatedNode.builder("depot-1").location("depot").cpu("2").memory("4Gi").build());
    kubernetes.addNode(SimulatedNode.builder("depot-2").location("depot").cpu("2").memory("4Gi").build());
    try (KafkaProducer<String, SpecificRecord> producer = new KafkaProducer<>(Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers), new StringSerializer(),
        new SpecificAvroSerializer<>(RestSchemaRegistryClient.forUrl(registry.url())))) {
      producer.send(new ProducerRecord<>(TopicCatalog.NODE_HEALTH.name(), "depot-1",
          health("depot-1", NodeHealthState.DEGRADED)));
    }
    Pod probe = pod("probe", "bus-tracker", "depot").namespace("health").build();
    await().atMost(AT_MOST).until(() -> scheduler.framework().predict(probe).filtered()
        .getOrDefault("node-health", Map.of()).containsKey("node degraded"));

    for (int i = 0; i < 3; i++) {
      client.pods().resource(pod("tracker-" + i, "bus-tracker", "depot").namespace("health").uid(null).build()).create();
    }

    for (int i = 0; i < 3; i++) {
      String name = "tracker-" + i;
      await().atMost(AT_MOST).until(() -> nodeOf("health", name) != null);
      assertThat(nodeOf("health", name)).isEqualTo("depot-2");
    }
  }

  @Test
  void fogServicePodsScheduledEndToEnd() {
    FogServiceController controller = new FogServiceController(client, new FogServiceControllerConfig(
        Map.of(FogServiceControllerConfig.NAMESPACE, "services")), new SimpleMeterRegistry());
    controller.start();
    try {
      FogService fogService = FogServiceFixtures.plain("services", "traffic-lights", new Placement("junction-1", 3));
      client.resources(FogService.class).resource(fogService).create();

      await().atMost(AT_MOST).until(() -> {
        List<Pod> pods = client.pods().inNamespace("services").list().getItems();
        return pods.size() == 3 && pods.stream().allMatch(p -> p.getSpec().getNodeName() != null);
      });
      List<String> nodes = client.pods().inNamespace("services").list().getItems().stream()
          .map(p -> p.getSpec().getNodeName()).toList();
      // The spread plugin puts the three replicas on the three edge nodes of the location.
      assertThat(nodes).containsExactlyInAnyOrder("edge-1", "edge-2", "edge-3");
    } finally {
      controller.close();
    }
  }

  private static String nodeOf(String namespace, String name) {
    Pod pod = client.pods().inNamespace(namespace).withName(name).get();
    return pod == null ? null : pod.getSpec().getNodeName();
  }

  private static List<Event> events(String namespace, String pod) {
    return client.v1().events().inNamespace(namespace).list().getItems().stream()
        .filter(e -> pod.equals(e.getInvolvedObject().getName())).toList();
  }

  private static void consumeAudits() {
    SpecificAvroDeserializer<ActionAudit> deserializer = new SpecificAvroDeserializer<>(
        RestSchemaRegistryClient.forUrl(registry.url()), ActionAudit.class);
    try (KafkaConsumer<String, ActionAudit> consumer = new KafkaConsumer<>(Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
        ConsumerConfig.GROUP_ID_CONFIG, "scheduler-test-audit",
        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), deserializer)) {
      consumer.subscribe(List.of(TopicCatalog.AUDIT_ACTIONS.name()));
      while (consuming.get()) {
        for (ConsumerRecord<String, ActionAudit> record : consumer.poll(Duration.ofMillis(100))) {
          audits.put(record.key(), record.value());
        }
      }
    }
  }
}
