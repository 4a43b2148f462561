package dev.edgeplane.scheduler.schedule;

import dev.edgeplane.event.audit.ActionAudit;
import dev.edgeplane.scheduler.schedule.internal.DecisionAuditor;
import dev.edgeplane.scheduler.schedule.internal.NetworkViewConsumer;
import dev.edgeplane.scheduler.schedule.internal.SchedulingEvents;
import dev.edgeplane.scheduler.schedule.internal.SchedulingQueue;
import dev.edgeplane.schemas.registry.RestSchemaRegistryClientConfig;
import dev.edgeplane.schemas.serde.SpecificAvroDeserializer;
import dev.edgeplane.schemas.serde.SpecificAvroSerializer;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElectionConfigBuilder;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaseLock;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Edgeplane scheduler: places pending pods whose {@code spec.schedulerName} is the configured
 * name ({@code edgeplane} by default) with the {@link SchedulingFramework} and binds them. Every
 * instance keeps its informers and network view running, so {@link #framework()} returns
 * predictions on a standby too, and a standby takes over with a warm cache. Only the instance that
 * holds the Lease runs the scheduling loop. See {@code DESIGN.md} in this package for the threads.
 *
 * <p>With {@code bootstrap.servers} empty, the network view stays empty (plugins use their
 * fallbacks) and audit records go only to the audit logger.
 *
 * <p>The caller owns the client and closes it after {@link #close()}.
 */
public final class EdgeplaneScheduler implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(EdgeplaneScheduler.class);

  private final KubernetesClient client;
  private final SchedulerConfig config;
  private final MeterRegistry registry;
  private final SchedulingQueue queue;
  private final SchedulingFramework framework;
  private final SchedulingEvents events;
  private final String identity;
  private final Object leadership = new Object();
  private KafkaProducer<String, ActionAudit> producer;
  private DecisionAuditor auditor;
  private NetworkViewConsumer viewConsumer;
  private SchedulerInformers informers;
  private SchedulingLoop loop;
  private volatile CompletableFuture<?> election;
  private volatile boolean closed;

  public EdgeplaneScheduler(KubernetesClient client, SchedulerConfig config, MeterRegistry registry) {
    this.client = client;
    this.config = config;
    this.registry = registry;
    Clock clock = Clock.systemUTC();
    this.queue = new SchedulingQueue(clock, config.backoffInitial(), config.backoffMax(), config.unschedulableRetry());
    this.framework = new SchedulingFramework(config, registry, clock, queue::clusterChanged);
    this.events = new SchedulingEvents(client, config.schedulerName());
    this.identity = config.leaseIdentity() != null ? config.leaseIdentity() : defaultIdentity();
    Gauge.builder("edgeplane.scheduler.queue.size", queue, SchedulingQueue::size)
        .description("Pending pods waiting for a scheduling cycle, unschedulable ones included").register(registry);
  }

  /**
   * Starts the Kafka clients and the informers, waits for the informers' first list, and enters the
   * leader election (or starts scheduling at once when it is off). Blocks up to
   * {@value SchedulerConfig#SYNC_TIMEOUT_MS} for the informers.
   *
   * @throws IllegalStateException when the informers do not sync in time
   */
  public void start() {
    startKafka();
    informers = new SchedulerInformers(client, config, framework, queue, events);
    informers.start();
    if (config.leaderElectionEnabled()) {
      enterElection();
    } else {
      startLeading();
    }
  }

  private void startKafka() {
    String bootstrap = config.bootstrapServers();
    if (bootstrap.isEmpty()) {
      log.warn("{} is empty: the network view stays empty, so plugins use their fallbacks, and audit records go "
          + "only to the audit logger", SchedulerConfig.BOOTSTRAP_SERVERS);
      auditor = new DecisionAuditor(null, config.auditTopic(), config.auditMaxNodes(), registry);
      return;
    }
    Map<String, Object> serde = Map.of(RestSchemaRegistryClientConfig.URL_CONFIG, config.schemaRegistryUrl());
    SpecificAvroSerializer<ActionAudit> serializer = new SpecificAvroSerializer<>();
    serializer.configure(serde, false);
    producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
        ProducerConfig.CLIENT_ID_CONFIG, "edgeplane-scheduler-audit", ProducerConfig.LINGER_MS_CONFIG, 5),
        new StringSerializer(), serializer);
    auditor = new DecisionAuditor(producer, config.auditTopic(), config.auditMaxNodes(), registry);

    SpecificAvroDeserializer<SpecificRecord> deserializer = new SpecificAvroDeserializer<>();
    deserializer.configure(serde, false);
    KafkaConsumer<String, SpecificRecord> consumer = new KafkaConsumer<>(Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
        ConsumerConfig.CLIENT_ID_CONFIG, "edgeplane-scheduler-view-" + identity,
        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
        // Node health comes from the anomaly application's transactions; skip what it aborted.
        ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"), new StringDeserializer(), deserializer);
    viewConsumer = new NetworkViewConsumer(consumer, config.nodeHealthTopic(), config.linkLatencyTopic(),
        config.viewMaxAgeMillis(), framework::onNodeHealth, framework::onLinkLatency, registry);
    viewConsumer.start();
  }

  private void enterElection() {
    if (closed) {
      return;
    }
    log.info("Scheduler {} enters the election for Lease {}/{}", identity, config.leaseNamespace(), config.leaseName());
    CompletableFuture<?> term = client.leaderElector().withConfig(new LeaderElectionConfigBuilder()
        .withName(config.leaseName())
        .withLock(new LeaseLock(config.leaseNamespace(), config.leaseName(), identity))
        .withLeaseDuration(config.leaseDuration())
        .withRenewDeadline(config.leaseRenewDeadline())
        .withRetryPeriod(config.leaseRetryPeriod())
        .withReleaseOnCancel(true)
        .withLeaderCallbacks(new LeaderCallbacks(this::startLeading, this::stopLeading,
            leader -> log.info("Scheduler leader is now {} (this instance: {})", leader, identity)))
        .build()).build().start();
    election = term;
    // A leader that lost its Lease becomes a standby again rather than exiting.
    term.whenComplete((ignored, error) -> enterElection());
  }

  private void startLeading() {
    synchronized (leadership) {
      if (closed || loop != null) {
        return;
      }
      loop = new SchedulingLoop(framework, queue, client, events, auditor, config.bindThreads(), registry);
      loop.start();
      log.info("Scheduler {} is active and schedules pods with schedulerName {}", identity, config.schedulerName());
    }
  }

  private void stopLeading() {
    synchronized (leadership) {
      if (loop != null) {
        loop.close();
        loop = null;
        log.info("Scheduler {} stopped scheduling: it no longer holds the Lease", identity);
      }
    }
  }

  /** Returns the framework; its predictions are valid on a standby too. */
  public SchedulingFramework framework() {
    return framework;
  }

  /** Returns whether this instance runs the scheduling loop now. */
  public boolean isActive() {
    synchronized (leadership) {
      return loop != null;
    }
  }

  public String identity() {
    return identity;
  }

  /**
   * Releases the Lease, stops the loop (waiting up to 10 s for bindings in flight), the informers
   * and the Kafka clients.
   */
  @Override
  public void close() {
    closed = true;
    CompletableFuture<?> term = election;
    if (term != null) {
      term.cancel(true);
    }
    stopLeading();
    queue.close();
    if (informers != null) {
      informers.close();
    }
    if (viewConsumer != null) {
      viewConsumer.close();
    }
    if (producer != null) {
      producer.close(java.time.Duration.ofSeconds(5));
    }
    log.info("Scheduler {} stopped", identity);
  }

  private static String defaultIdentity() {
    String host;
    try {
      host = InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      host = "scheduler";
    }
    return host + "-" + UUID.randomUUID().toString().substring(0, 8);
  }
}
