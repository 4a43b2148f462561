package dev.edgeplane.scheduler.observe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.edgeplane.event.cluster.ConditionStatus;
import dev.edgeplane.event.cluster.FogServiceDependency;
import dev.edgeplane.event.cluster.FogServiceInventory;
import dev.edgeplane.event.cluster.FogServiceMetricTarget;
import dev.edgeplane.event.cluster.NodeInventory;
import dev.edgeplane.event.cluster.NodeTier;
import dev.edgeplane.event.cluster.PodPhase;
import dev.edgeplane.event.cluster.PodPlacement;
import dev.edgeplane.infra.kafka.EmbeddedKafkaBroker;
import dev.edgeplane.k8ssim.SimulatedKubernetes;
import dev.edgeplane.k8ssim.SimulatedNode;
import dev.edgeplane.registry.SchemaRegistryServer;
import dev.edgeplane.schemas.catalog.TopicCatalog;
import dev.edgeplane.schemas.catalog.TopicProvisioner;
import dev.edgeplane.schemas.registry.RestSchemaRegistryClient;
import dev.edgeplane.schemas.serde.SpecificAvroDeserializer;
import dev.edgeplane.schemas.serde.SpecificAvroSerializer;
import dev.edgeplane.scheduler.api.v1alpha1.Dependency;
import dev.edgeplane.scheduler.api.v1alpha1.FogService;
import dev.edgeplane.scheduler.api.v1alpha1.FogServiceFixtures;
import dev.edgeplane.scheduler.api.v1alpha1.Placement;
import dev.edgeplane.scheduler.api.v1alpha1.ServiceMetric;
import dev.edgeplane.testkit.WithKafkaBroker;
import io.fabric8.kubernetes.api.model.BindingBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
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
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

@WithKafkaBroker
class InventoryPublisherTest {

  private static final Duration AT_MOST = Duration.ofSeconds(20);
  private static final String NAMESPACE = "city";
  private static final String SCHEMAS_TOPIC = "_schemas-inventory";

  private static SimulatedKubernetes kubernetes;
  private static KubernetesClient client;
  private static SchemaRegistryServer registry;
  private static RestSchemaRegistryClient registryClient;
  private static KafkaProducer<String, SpecificRecord> producer;
  private static InventoryPublisher publisher;
  private static final Map<String, NodeInventory> nodes = new ConcurrentHashMap<>();
  private static final Map<String, PodPlacement> placements = new ConcurrentHashMap<>();
  private static final Map<String, FogServiceInventory> fogServices = new ConcurrentHashMap<>();
  private static final Map<String, Boolean> tombstones = new ConcurrentHashMap<>();
  private static final AtomicBoolean consuming = new AtomicBoolean(true);
  private static final ExecutorService consumerThread = Executors.newSingleThreadExecutor();

  @BeforeAll
  static void start(EmbeddedKafkaBroker broker) throws IOException {
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
      new TopicProvisioner(admin, Duration.ofSeconds(30)).provision(
          List.of(TopicCatalog.NODES, TopicCatalog.PLACEMENTS, TopicCatalog.FOGSERVICES));
    }
    registry = SchemaRegistryServer.builder().bootstrapServers(broker.bootstrapServers())
        .topic(SCHEMAS_TOPIC).port(0).build().start();
    registryClient = RestSchemaRegistryClient.forUrl(registry.url());

    kubernetes = SimulatedKubernetes.builder()
        .podStartupDelay(Duration.ofMillis(50))
        .leaseRenewInterval(Duration.ofMillis(100))
        .nodeMonitorGracePeriod(Duration.ofMillis(600))
        .kubeletInterval(Duration.ofMillis(20))
        .start();
    client = kubernetes.client();
    try (InputStream crd = new FileInputStream(
        Path.of("..", "infra", "k8s", "crds", "fogservices.edgeplane.dev-v1.yml").toFile())) {
      client.apiextensions().v1().customResourceDefinitions().load(crd).create();
    }

    producer = new KafkaProducer<>(Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
        ProducerConfig.LINGER_MS_CONFIG, 5),
        new StringSerializer(), new SpecificAvroSerializer<>(registryClient));
    publisher = new InventoryPublisher(client, producer,
        new InventoryPublisherConfig(Map.of(InventoryPublisherConfig.RESYNC_PERIOD_MS, 60_000)),
        new SimpleMeterRegistry());
    publisher.start();
    consumerThread.submit(() -> consume(broker.bootstrapServers()));
  }

  @AfterAll
  static void stop() {
    if (publisher != null) {
      publisher.close();
    }
    if (producer != null) {
      producer.close();
    }
    consuming.set(false);
    consumerThread.shutdown();
    if (kubernetes != null) {
      kubernetes.close();
    }
    if (registry != null) {
      registry.close();
    }
  }

  @Test
  void nodeMirroredThenTombstoned() {
    kubernetes.addNode(SimulatedNode.builder("edge-7").location("intersection-7").tier("edge")
        .label("capability.edgeplane.dev/realtime", "true").label("capability.edgeplane.dev/camera", "true")
        .cpu("4").memory("8Gi").build());

    // The simulated kubelet writes the node's status (capacity, conditions) after the node exists, so the
    // first record may predate it; the publisher mirrors the update as a newer record.
    await().atMost(AT_MOST).until(() -> nodes.containsKey("edge-7")
        && nodes.get("edge-7").getCapacity().getCpuCores() == 4.0);
    NodeInventory node = nodes.get("edge-7");
    assertThat(node.getLocation()).isEqualTo("intersection-7");
    assertThat(node.getTier()).isEqualTo(NodeTier.EDGE);
    assertThat(node.getCapabilities()).containsExactlyInAnyOrder("realtime", "camera");
    assertThat(node.getCapacity().getCpuCores()).isEqualTo(4.0);
    assertThat(node.getCapacity().getMemoryBytes()).isEqualTo(8L * 1024 * 1024 * 1024);
    assertThat(node.getRealtime().getRtRuntimeMicros()).isEqualTo(950_000L);
    assertThat(node.getRealtime().getCpus()).isEqualTo(4);

    kubernetes.silenceNode("edge-7");
    await().atMost(AT_MOST).until(() -> nodes.containsKey("edge-7") && nodes.get("edge-7").getConditions().stream()
        .anyMatch(c -> c.getType().equals("Ready") && c.getStatus() == ConditionStatus.UNKNOWN));

    client.nodes().withName("edge-7").delete();
    await().atMost(AT_MOST).until(() -> tombstones.containsKey("node:edge-7") && !nodes.containsKey("edge-7"));
  }

  @Test
  void podPlacementFollowsBindingAndCriticality() {
    kubernetes.addNode(SimulatedNode.builder("edge-9").location("intersection-9").tier("edge").build());
    FogService fogService = client.resource(FogServiceFixtures.plain(NAMESPACE, "video", new Placement("intersection-9", 1)))
        .create();
    Pod pod = client.pods().inNamespace(NAMESPACE).resource(new PodBuilder()
        .withNewMetadata().withName("video-1")
        .addNewOwnerReference().withApiVersion("edgeplane.dev/v1alpha1").withKind("FogService")
        .withName("video").withUid(fogService.getMetadata().getUid()).withController(true).endOwnerReference()
        .endMetadata()
        .withNewSpec().addNewContainer().withName("main").withImage("video:1").endContainer().endSpec()
        .build()).create();
    String uid = pod.getMetadata().getUid();

    await().atMost(AT_MOST).until(() -> placements.containsKey(uid));
    assertThat(placements.get(uid).getFogService()).isEqualTo("video");
    assertThat(placements.get(uid).getNode()).isNull();
    assertThat(placements.get(uid).getCritical()).isFalse();

    client.bindings().inNamespace(NAMESPACE).resource(new BindingBuilder()
        .withNewMetadata().withName("video-1").endMetadata()
        .withNewTarget().withKind("Node").withName("edge-9").endTarget().build()).create();
    await().atMost(AT_MOST).until(() -> placements.get(uid).getReady());
    PodPlacement running = placements.get(uid);
    assertThat(running.getNode()).isEqualTo("edge-9");
    assertThat(running.getLocation()).isEqualTo("intersection-9");
    assertThat(running.getPhase()).isEqualTo(PodPhase.RUNNING);
    assertThat(running.getBoundTime()).isNotNull();

    client.resources(FogService.class).inNamespace(NAMESPACE).withName("video").edit(fs -> {
      fs.getSpec().setCritical(true);
      return fs;
    });
    await().atMost(AT_MOST).until(() -> placements.get(uid).getCritical());

    client.pods().inNamespace(NAMESPACE).withName("video-1").delete();
    await().atMost(AT_MOST).until(() -> tombstones.containsKey("pod:" + uid) && !placements.containsKey(uid));
  }

  @Test
  void fogServiceSpecMirroredThenTombstoned() {
    FogService fogService = FogServiceFixtures.plain(NAMESPACE, "detector", new Placement("intersection-4", 1));
    fogService.getSpec().getDependencies().add(new Dependency("archive", 12_000));
    fogService.getSpec().getMetrics().add(new ServiceMetric("detection_latency_ms", "ms", true, 80.0));
    client.resource(fogService).create();

    String key = NAMESPACE + "/detector";
    await().atMost(AT_MOST).until(() -> fogServices.containsKey(key));
    FogServiceInventory mirrored = fogServices.get(key);
    assertThat(mirrored.getCritical()).isFalse();
    assertThat(mirrored.getLocations()).containsExactly("intersection-4");
    assertThat(mirrored.getDependencies()).containsExactly(new FogServiceDependency("archive", 12_000L));
    assertThat(mirrored.getMetrics())
        .containsExactly(new FogServiceMetricTarget("detection_latency_ms", "ms", true, 80.0));

    client.resources(FogService.class).inNamespace(NAMESPACE).withName("detector").edit(fs -> {
      fs.getSpec().getMetrics().get(0).setTarget(60.0);
      return fs;
    });
    await().atMost(AT_MOST).until(() -> fogServices.get(key).getMetrics().get(0).getTarget() == 60.0);

    client.resources(FogService.class).inNamespace(NAMESPACE).withName("detector").delete();
    await().atMost(AT_MOST).until(() -> tombstones.containsKey("fogservice:" + key) && !fogServices.containsKey(key));
  }

  private static void consume(String bootstrapServers) {
    try (KafkaConsumer<String, SpecificRecord> consumer = new KafkaConsumer<>(Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
        ConsumerConfig.GROUP_ID_CONFIG, "inventory-test",
        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
        new StringDeserializer(), new SpecificAvroDeserializer<>(registryClient))) {
      consumer.subscribe(List.of(TopicCatalog.NODES.name(), TopicCatalog.PLACEMENTS.name(),
          TopicCatalog.FOGSERVICES.name()));
      while (consuming.get()) {
        for (ConsumerRecord<String, SpecificRecord> record : consumer.poll(Duration.ofMillis(100))) {
          apply(record);
        }
      }
    }
  }

  private static void apply(ConsumerRecord<String, SpecificRecord> record) {
    if (record.topic().equals(TopicCatalog.NODES.name())) {
      keepLatest(record, "node:", nodes, NodeInventory.class);
    } else if (record.topic().equals(TopicCatalog.PLACEMENTS.name())) {
      keepLatest(record, "pod:", placements, PodPlacement.class);
    } else {
      keepLatest(record, "fogservice:", fogServices, FogServiceInventory.class);
    }
  }

  private static <T> void keepLatest(ConsumerRecord<String, SpecificRecord> record, String kind, Map<String, T> latest,
      Class<T> type) {
    if (record.value() == null) {
      tombstones.put(kind + record.key(), true);
      latest.remove(record.key());
    } else {
      latest.put(record.key(), type.cast(record.value()));
    }
  }
}
