package dev.edgeplane.scheduler.executor;

import static org.awaitility.Awaitility.await;

import dev.edgeplane.event.audit.ActionAudit;
import dev.edgeplane.event.deadletter.DeadLetter;
import dev.edgeplane.event.decision.RescheduleDecision;
import dev.edgeplane.event.decision.RescheduleStrategy;
import dev.edgeplane.k8ssim.SimulatedKubernetes;
import dev.edgeplane.k8ssim.SimulatedNode;
import dev.edgeplane.registry.SchemaRegistryServer;
import dev.edgeplane.scheduler.api.v1alpha1.FogService;
import dev.edgeplane.scheduler.api.v1alpha1.FogServiceFixtures;
import dev.edgeplane.scheduler.api.v1alpha1.Placement;
import dev.edgeplane.scheduler.api.v1alpha1.PodMetadataKeys;
import dev.edgeplane.scheduler.api.v1alpha1.Requirements;
import dev.edgeplane.scheduler.reconcile.FogServiceController;
import dev.edgeplane.scheduler.reconcile.FogServiceControllerConfig;
import dev.edgeplane.schemas.registry.RestSchemaRegistryClient;
import dev.edgeplane.schemas.serde.SpecificAvroDeserializer;
import dev.edgeplane.schemas.serde.SpecificAvroSerializer;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The shared fixture of the executor's integration tests: a schema registry on the test broker, a
 * simulated Kubernetes API with the FogService CRD, the FogService controller that replaces
 * evicted pods, and a {@link PredictingBinder} in place of the scheduler. Each test gets its own
 * namespace, location, nodes and topics from {@link #newSlice}.
 */
final class ExecutorCluster implements AutoCloseable {

  static final Duration AT_MOST = Duration.ofSeconds(30);
  private static final Path CRD = Path.of("..", "infra", "k8s", "crds", "fogservices.edgeplane.dev-v1.yml");

  final String bootstrapServers;
  final SchemaRegistryServer registry;
  final RestSchemaRegistryClient registryClient;
  final SimulatedKubernetes kubernetes;
  final KubernetesClient client;
  final ResourceFitPredictor predictor;
  final FogServiceController controller;
  final PredictingBinder binder;
  final KafkaProducer<byte[], byte[]> producer;
  private final SpecificAvroSerializer<SpecificRecord> serializer;
  private int slices;

  ExecutorCluster(String bootstrapServers) throws IOException {
    this.bootstrapServers = bootstrapServers;
    registry = SchemaRegistryServer.builder().bootstrapServers(bootstrapServers)
        .topic("_schemas-executor").port(0).build().start();
    registryClient = RestSchemaRegistryClient.forUrl(registry.url());
    serializer = new SpecificAvroSerializer<>(registryClient);

    kubernetes = SimulatedKubernetes.builder()
        .podStartupDelay(Duration.ofMillis(50))
        .leaseRenewInterval(Duration.ofMillis(200))
        .nodeMonitorGracePeriod(Duration.ofMillis(10_000))
        .kubeletInterval(Duration.ofMillis(20))
        .start();
    client = kubernetes.client();
    try (InputStream crd = new FileInputStream(CRD.toFile())) {
      client.apiextensions().v1().customResourceDefinitions().load(crd).create();
    }
    predictor = new ResourceFitPredictor(() -> client.nodes().list().getItems(),
        () -> client.pods().inAnyNamespace().list().getItems());
    controller = new FogServiceController(client, new FogServiceControllerConfig(Map.of(
        FogServiceControllerConfig.RESYNC_PERIOD_MS, 5_000,
        FogServiceControllerConfig.RETRY_BACKOFF_INITIAL_MS, 50,
        FogServiceControllerConfig.RETRY_BACKOFF_MAX_MS, 1_000)), new SimpleMeterRegistry());
    controller.start();
    binder = new PredictingBinder(kubernetes.newClient(), predictor);
    producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers),
        new ByteArraySerializer(), new ByteArraySerializer());
  }

  /**
   * Creates one test's part of the cluster: namespace {@code ns-N} with nodes {@code sN-small} (2 CPUs)
   * and {@code sN-big} (4 CPUs) at location {@code loc-N}, and topics of its own.
   */
  Slice newSlice() throws ExecutionException, InterruptedException {
    slices++;
    Slice slice = new Slice(slices);
    kubernetes.addNode(SimulatedNode.builder(slice.smallNode).location(slice.location).cpu("2").build());
    kubernetes.addNode(SimulatedNode.builder(slice.bigNode).location(slice.location).cpu("4").build());
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
      admin.createTopics(List.of(new NewTopic(slice.decisionsTopic, 3, (short) 1),
          new NewTopic(slice.auditTopic, 3, (short) 1), new NewTopic(slice.deadLetterTopic, 1, (short) 1)))
          .all().get();
    }
    return slice;
  }

  @Override
  public void close() {
    binder.close();
    controller.close();
    producer.close();
    kubernetes.close();
    registry.close();
  }

  /** A test's namespace, location, nodes and topics, with helpers over them. */
  final class Slice {
    final String namespace;
    final String location;
    final String smallNode;
    final String bigNode;
    final String decisionsTopic;
    final String auditTopic;
    final String deadLetterTopic;
    private int decisions;

    private Slice(int n) {
      namespace = "ns-" + n;
      location = "loc-" + n;
      smallNode = "s" + n + "-small";
      bigNode = "s" + n + "-big";
      decisionsTopic = "decisions-" + n;
      auditTopic = "audit-" + n;
      deadLetterTopic = "deadletter-" + n;
    }

    /** Settings of an executor for this slice, with short timings; {@code extra} overrides them. */
    RescheduleExecutorConfig config(Map<String, Object> extra) {
      Map<String, Object> settings = new java.util.HashMap<>(Map.of(
          RescheduleExecutorConfig.NAMESPACE, namespace,
          RescheduleExecutorConfig.GROUP_ID, "executor-" + namespace,
          RescheduleExecutorConfig.DECISIONS_TOPIC, decisionsTopic,
          RescheduleExecutorConfig.AUDIT_TOPIC, auditTopic,
          RescheduleExecutorConfig.DEAD_LETTER_TOPIC, deadLetterTopic,
          RescheduleExecutorConfig.COOLDOWN_MS, 60_000L,
          RescheduleExecutorConfig.EVICTION_RETRY_BACKOFF_INITIAL_MS, 100L,
          RescheduleExecutorConfig.EVICTION_RETRY_BACKOFF_MAX_MS, 400L,
          RescheduleExecutorConfig.REPLACEMENT_TIMEOUT_MS, 20_000L,
          RescheduleExecutorConfig.REPLACEMENT_CHECK_INTERVAL_MS, 50L));
      settings.put(RescheduleExecutorConfig.POLL_TIMEOUT_MS, 50L);
      settings.putAll(extra);
      return new RescheduleExecutorConfig(settings);
    }

    RescheduleExecutor startExecutor(Map<String, Object> extra) {
      RescheduleExecutor executor = new RescheduleExecutor(client, predictor,
          Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers), registryClient, config(extra),
          new SimpleMeterRegistry());
      executor.start();
      return executor;
    }

    /** Creates a FogService of {@code replicas} pods of 1 CPU, all bound to {@code node}, and waits until they are ready. */
    FogService createFogService(String name, int replicas, String node, Map<String, String> annotations) {
      FogService fogService = FogServiceFixtures.plain(namespace, name, new Placement(location, replicas));
      Requirements requirements = new Requirements();
      requirements.setCpu(new Quantity("1"));
      requirements.setMemory(new Quantity("128Mi"));
      fogService.getSpec().setRequirements(requirements);
      fogService.getMetadata().setAnnotations(annotations);
      binder.force(name, node);
      client.resources(FogService.class).inNamespace(namespace).resource(fogService).create();
      await().atMost(AT_MOST).until(() -> readyPods(name).size() == replicas && hasStatus(name, replicas));
      binder.force(name, null);
      return client.resources(FogService.class).inNamespace(namespace).withName(name).get();
    }

    List<Pod> pods(String fogService) {
      return client.pods().inNamespace(namespace).withLabel(PodMetadataKeys.FOGSERVICE_LABEL, fogService)
          .list().getItems();
    }

    List<Pod> readyPods(String fogService) {
      return pods(fogService).stream()
          .filter(p -> p.getStatus() != null && "Running".equals(p.getStatus().getPhase()))
          .filter(p -> p.getStatus().getConditions().stream()
              .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus())))
          .toList();
    }

    private boolean hasStatus(String name, int replicas) {
      FogService live = client.resources(FogService.class).inNamespace(namespace).withName(name).get();
      return live.getStatus() != null && live.getStatus().getObservedGeneration() != null
          && live.getStatus().getReplicas() == replicas;
    }

    /** Builds a decision to move the pod away from its node, with a fresh id. */
    RescheduleDecision decisionFor(Pod pod) {
      decisions++;
      return RescheduleDecision.newBuilder()
          .setDecisionId(namespace + "-decision-" + decisions)
          .setDecidedTime(Instant.now())
          .setNamespace(namespace)
          .setPod(pod.getMetadata().getName())
          .setPodUid(pod.getMetadata().getUid())
          .setFogService(pod.getMetadata().getLabels().get(PodMetadataKeys.FOGSERVICE_LABEL))
          .setFromNode(pod.getSpec().getNodeName())
          .setStrategy(RescheduleStrategy.BETTER_NODE)
          .setPredictedTarget(bigNode)
          .build();
    }

    void publish(RescheduleDecision decision) throws ExecutionException, InterruptedException {
      byte[] key = (decision.getNamespace() + "/" + decision.getPod()).getBytes(java.nio.charset.StandardCharsets.UTF_8);
      publishRaw(key, serializer.serialize(decisionsTopic, decision));
    }

    void publishRaw(byte[] key, byte[] value) throws ExecutionException, InterruptedException {
      producer.send(new ProducerRecord<>(decisionsTopic, key, value)).get();
    }

    List<ActionAudit> audits() {
      return readAll(auditTopic, new SpecificAvroDeserializer<>(registryClient, ActionAudit.class));
    }

    List<DeadLetter> deadLetters() {
      return readAll(deadLetterTopic, new SpecificAvroDeserializer<>(registryClient, DeadLetter.class));
    }

    List<ActionAudit> auditsOf(String decisionId) {
      return audits().stream().filter(a -> a.getDecisionId().equals(decisionId)).toList();
    }

    private <T extends SpecificRecord> List<T> readAll(String topic, SpecificAvroDeserializer<T> deserializer) {
      try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
          ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers), new ByteArrayDeserializer(),
          new ByteArrayDeserializer())) {
        List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
            .map(p -> new TopicPartition(topic, p.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
        List<T> records = new ArrayList<>();
        while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
          for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(100))) {
            records.add(deserializer.deserialize(topic, record.value()));
          }
        }
        return records;
      }
    }
  }
}
