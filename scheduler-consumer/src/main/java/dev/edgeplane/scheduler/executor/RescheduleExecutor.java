package dev.edgeplane.scheduler.executor;

import dev.edgeplane.event.audit.ActionAudit;
import dev.edgeplane.event.deadletter.DeadLetter;
import dev.edgeplane.event.decision.RescheduleDecision;
import dev.edgeplane.kafka.health.BrokerHealthCheck;
import dev.edgeplane.scheduler.executor.internal.AuditReplay;
import dev.edgeplane.scheduler.executor.internal.DeadLetterWriter;
import dev.edgeplane.scheduler.executor.internal.DecisionProcessor;
import dev.edgeplane.scheduler.executor.internal.DecisionReader;
import dev.edgeplane.scheduler.executor.internal.ExecutorLoop;
import dev.edgeplane.scheduler.executor.internal.ExecutorMetrics;
import dev.edgeplane.scheduler.executor.internal.KafkaAuditSink;
import dev.edgeplane.scheduler.executor.internal.KubernetesClusterAccess;
import dev.edgeplane.schemas.registry.SchemaRegistryClient;
import dev.edgeplane.schemas.serde.SpecificAvroDeserializer;
import dev.edgeplane.schemas.serde.SpecificAvroSerializer;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Executes reschedule decisions: consumes {@code edgeplane.decisions.reschedule}, evicts a pod only
 * when every safety gate passes, follows the eviction until the replacement lands, and writes the
 * outcome of every decision, skipped ones included, to {@code edgeplane.audit.actions}. See
 * {@code DESIGN.md} in this package for the gates, the threads and how a restart resumes.
 *
 * <p>Run one instance per cluster: the in-flight limits are counted in this process.
 *
 * <p>The caller owns the Kubernetes client and the schema registry client and closes them after
 * {@link #close()}; the executor creates and closes its own Kafka clients.
 */
public final class RescheduleExecutor implements AutoCloseable {

  /**
   * FogService annotation: the minimum ready replicas the executor keeps, a whole number. Without
   * it the minimum is the desired replicas minus
   * {@value RescheduleExecutorConfig#MAX_UNAVAILABLE_REPLICAS}.
   */
  public static final String MIN_READY_ANNOTATION = "edgeplane.dev/min-ready-replicas";

  private static final Logger log = LoggerFactory.getLogger(RescheduleExecutor.class);

  private static final Duration HEALTH_CHECK_INTERVAL = Duration.ofSeconds(5);
  private static final Duration HEALTH_WARN_INTERVAL = Duration.ofMinutes(1);

  private final KubernetesClient client;
  private final TargetPredictor predictor;
  private final Map<String, Object> kafkaSettings;
  private final SchemaRegistryClient registry;
  private final RescheduleExecutorConfig config;
  private final MeterRegistry meters;
  private KafkaProducer<byte[], byte[]> producer;
  private KubernetesClusterAccess cluster;
  private ExecutorLoop loop;
  private Thread thread;
  private BrokerHealthCheck healthCheck;

  /**
   * Creates an executor; nothing starts before {@link #start()}.
   *
   * @param kafkaSettings settings shared by the executor's consumer and producer, at least
   *     {@code bootstrap.servers}; the executor sets the group, offsets, serializers and acks itself
   */
  public RescheduleExecutor(KubernetesClient client, TargetPredictor predictor, Map<String, Object> kafkaSettings,
      SchemaRegistryClient registry, RescheduleExecutorConfig config, MeterRegistry meters) {
    this.client = Objects.requireNonNull(client, "client");
    this.predictor = Objects.requireNonNull(predictor, "predictor");
    this.kafkaSettings = Map.copyOf(kafkaSettings);
    this.registry = Objects.requireNonNull(registry, "registry");
    this.config = Objects.requireNonNull(config, "config");
    this.meters = Objects.requireNonNull(meters, "meters");
  }

  /**
   * Reads the audit topic back, resumes the evictions a previous run left in flight, and starts
   * the executor thread. Blocks until the audit topic is read, at most
   * {@value RescheduleExecutorConfig#AUDIT_REPLAY_TIMEOUT_MS}.
   *
   * @throws org.apache.kafka.common.errors.TimeoutException when the audit topic is not read in time
   * @throws IllegalStateException when the audit topic does not exist
   */
  public void start() {
    ExecutorMetrics metrics = new ExecutorMetrics(meters);
    producer = new KafkaProducer<>(producerSettings(), new ByteArraySerializer(), new ByteArraySerializer());
    KafkaAuditSink audits = new KafkaAuditSink(producer, new SpecificAvroSerializer<>(registry), config.auditTopic());
    cluster = new KubernetesClusterAccess(client);
    DecisionProcessor processor = new DecisionProcessor(cluster, predictor, audits, config, metrics);

    List<ActionAudit> history;
    try (KafkaConsumer<byte[], byte[]> replay = new KafkaConsumer<>(replaySettings(), new ByteArrayDeserializer(),
        new ByteArrayDeserializer())) {
      history = AuditReplay.read(replay, config.auditTopic(), new SpecificAvroDeserializer<>(registry,
          ActionAudit.class), config.auditReplayTimeout());
    }
    processor.recover(history, Clock.systemUTC().instant());

    KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerSettings(), new ByteArrayDeserializer(),
        new ByteArrayDeserializer());
    consumer.subscribe(List.of(config.decisionsTopic()));
    DeadLetterWriter deadLetters = new DeadLetterWriter(producer, new SpecificAvroSerializer<DeadLetter>(registry),
        config.deadLetterTopic(), config.groupId(), config.warnInterval(), metrics);
    DecisionReader reader = new DecisionReader(new SpecificAvroDeserializer<>(registry, RescheduleDecision.class));
    loop = new ExecutorLoop(consumer, reader, processor, audits, deadLetters, metrics, config.pollTimeout(),
        config.evictionRetryBackoffInitial(), Clock.systemUTC());
    thread = new Thread(loop, "reschedule-executor");
    thread.start();
    healthCheck = BrokerHealthCheck.start(config.groupId(), kafkaSettings, HEALTH_CHECK_INTERVAL, HEALTH_WARN_INTERVAL);
    log.info("Reschedule executor started on {} (dry run {}, at most {} evictions in flight per FogService and {}"
        + " per location)", config.decisionsTopic(), config.dryRun(), config.maxInflightPerFogService(),
        config.maxInflightPerLocation());
  }

  /** Returns whether the executor thread runs; false before start, after close, or after a fatal failure. */
  public boolean isRunning() {
    return loop != null && loop.isRunning() && thread.isAlive();
  }

  /** Returns the failure that stopped the executor thread, or null. */
  public Throwable failure() {
    return loop == null ? null : loop.failure();
  }

  /**
   * Stops the executor thread after its current iteration, which closes the consumer, and closes
   * the producer. Evictions in flight stay recorded as intents in the cluster, and the next start
   * resumes them. Blocks up to 30 s for the thread and 10 s for the producer.
   */
  @Override
  public void close() {
    if (healthCheck != null) {
      healthCheck.close();
    }
    boolean stopped = true;
    if (loop != null) {
      loop.stop();
      try {
        thread.join(Duration.ofSeconds(30).toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      stopped = !thread.isAlive();
    }
    if (!stopped) {
      // Closing the producer under the running thread would fail its audit writes.
      log.warn("The executor thread did not stop within 30 s; leaving the Kafka producer open for it");
      return;
    }
    if (producer != null) {
      producer.close(Duration.ofSeconds(10));
    }
    if (cluster != null) {
      cluster.close();
    }
    log.info("Reschedule executor stopped");
  }

  private Map<String, Object> producerSettings() {
    Map<String, Object> settings = new HashMap<>(kafkaSettings);
    settings.put(ProducerConfig.ACKS_CONFIG, "all");
    settings.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    settings.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, config.groupId() + "-producer");
    return settings;
  }

  private Map<String, Object> consumerSettings() {
    Map<String, Object> settings = new HashMap<>(kafkaSettings);
    settings.put(ConsumerConfig.GROUP_ID_CONFIG, config.groupId());
    settings.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    // Decisions come from the anomaly application's transactions; one that was aborted must never evict a pod.
    settings.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    settings.putIfAbsent(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    settings.putIfAbsent(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 100);
    settings.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, config.groupId());
    return settings;
  }

  private Map<String, Object> replaySettings() {
    Map<String, Object> settings = new HashMap<>(kafkaSettings);
    settings.remove(ConsumerConfig.GROUP_ID_CONFIG);
    settings.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    settings.put(ConsumerConfig.CLIENT_ID_CONFIG, config.groupId() + "-audit-replay");
    settings.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    return settings;
  }
}
