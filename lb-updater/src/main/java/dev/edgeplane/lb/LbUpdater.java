package dev.edgeplane.lb;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import dev.edgeplane.event.audit.ActionAudit;
import dev.edgeplane.event.deadletter.DeadLetter;
import dev.edgeplane.event.lb.ServiceWeights;
import dev.edgeplane.event.state.ReplicaScore;
import dev.edgeplane.event.telemetry.LinkLatency;
import dev.edgeplane.kafka.health.BrokerHealthCheck;
import dev.edgeplane.lb.act.RuleApplier;
import dev.edgeplane.lb.act.http.WeightsStore;
import dev.edgeplane.lb.decide.ParallelWeightPlanner;
import dev.edgeplane.lb.decide.WeightPlannerConfig;
import dev.edgeplane.lb.internal.PlanningCycle;
import dev.edgeplane.lb.internal.PublishedWeights;
import dev.edgeplane.lb.observe.EndpointDirectory;
import dev.edgeplane.lb.observe.ObservedState;
import dev.edgeplane.lb.observe.RecordIntake;
import dev.edgeplane.schemas.catalog.TopicCatalog;
import dev.edgeplane.schemas.serde.SpecificAvroDeserializer;
import dev.edgeplane.schemas.serde.SpecificAvroSerializer;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The load-balancer updater service: consumes replica scores and link probes, plans every
 * service's weights every {@code lb.plan.interval.ms}, publishes one {@link ServiceWeights} per
 * service and client node to {@code edgeplane.lb.weights}, audits every set that changed weights
 * as a WEIGHT_PUSH record of {@code edgeplane.audit.actions}, stores the plans for the weights API
 * and, when given a rule applier, applies the rules of one node.
 *
 * <p>It reads both input topics from the beginning of every partition, without a consumer group,
 * so every instance rebuilds the latest score of each replica and probe of each link on start.
 * One thread, started by {@link #start}, owns the consumer, the planner and the applier, and
 * plans each cycle on itself plus {@code lb.planning.threads - 1} pool threads; see the package's
 * DESIGN.md. {@link #close} stops them.
 */
public final class LbUpdater implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LbUpdater.class);
    private static final Duration HEALTH_CHECK_INTERVAL = Duration.ofSeconds(5);
    private static final Duration HEALTH_WARN_INTERVAL = Duration.ofMinutes(1);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(10);

    private final LbUpdaterConfig config;
    private final Consumer<byte[], byte[]> consumer;
    private final Producer<byte[], byte[]> producer;
    private final SpecificAvroDeserializer<ReplicaScore> scoreDeserializer = new SpecificAvroDeserializer<>();
    private final SpecificAvroDeserializer<LinkLatency> probeDeserializer = new SpecificAvroDeserializer<>();
    private final SpecificAvroSerializer<ServiceWeights> weightsSerializer = new SpecificAvroSerializer<>();
    private final SpecificAvroDeserializer<ServiceWeights> weightsDeserializer = new SpecificAvroDeserializer<>();
    private final SpecificAvroSerializer<DeadLetter> deadLetterSerializer = new SpecificAvroSerializer<>();
    private final SpecificAvroSerializer<ActionAudit> auditSerializer = new SpecificAvroSerializer<>();
    private final RecordIntake intake;
    private final PlanningCycle cycle;
    private final ParallelWeightPlanner planner;
    private final RuleApplier applier;
    private final Clock clock;
    private final Thread thread;
    private BrokerHealthCheck healthCheck;
    private volatile boolean running = true;

    private LbUpdater(Map<String, ?> settings, EndpointDirectory directory, WeightsStore store, RuleApplier applier,
            MeterRegistry meters, Clock clock) {
        this.config = LbUpdaterConfig.from(settings);
        this.planner = new ParallelWeightPlanner(WeightPlannerConfig.from(settings), config.planningThreads(),
                config.applicationId() + "-planner");
        this.applier = applier;
        this.clock = clock;

        Map<String, Object> serdeSettings = Map.of(LbUpdaterConfig.SCHEMA_REGISTRY_URL, config.schemaRegistryUrl());
        scoreDeserializer.configure(serdeSettings, false);
        probeDeserializer.configure(serdeSettings, false);
        weightsSerializer.configure(serdeSettings, false);
        weightsDeserializer.configure(serdeSettings, false);
        deadLetterSerializer.configure(serdeSettings, false);
        auditSerializer.configure(serdeSettings, false);
        this.consumer = new KafkaConsumer<>(consumerSettings(config), new ByteArrayDeserializer(), new ByteArrayDeserializer());
        this.producer = new KafkaProducer<>(producerSettings(config), new ByteArraySerializer(), new ByteArraySerializer());

        ObservedState state = new ObservedState();
        this.intake = new RecordIntake(state, scoreDeserializer, probeDeserializer, producer, deadLetterSerializer,
                config.applicationId(), meters, clock);
        this.cycle = new PlanningCycle(config, planner, state, directory, store, producer, weightsSerializer, auditSerializer, applier,
                meters);
        this.thread = new Thread(this::runLoop, config.applicationId());
    }

    /**
     * Creates the updater, reads {@code edgeplane.lb.weights} back to resume each service's
     * generation, assigns every partition of the two input topics and starts its thread. Blocks
     * until the weights are read back, up to {@code lb.restore.timeout.ms}.
     *
     * @param settings {@link LbUpdaterConfig} and {@link WeightPlannerConfig} keys
     * @param directory resolves scored pods to endpoint addresses
     * @param store receives every plan, for the weights API
     * @param applier applies the rules of {@code lb.node}, or null to apply none; the updater owns
     *     it from here on and closes it when it stops
     * @throws org.apache.kafka.common.config.ConfigException if a setting is invalid
     * @throws IllegalStateException if an input topic or the weights topic does not exist, or the
     *     weights topic could not be read back in time
     */
    public static LbUpdater start(Map<String, ?> settings, EndpointDirectory directory, WeightsStore store,
            RuleApplier applier, MeterRegistry meters, Clock clock) {
        LbUpdater updater = new LbUpdater(settings, directory, store, applier, meters, clock);
        try {
            updater.restorePublished();
            updater.assignInputs();
        } catch (RuntimeException e) {
            updater.closeClients();
            throw e;
        }
        updater.thread.start();
        updater.healthCheck = BrokerHealthCheck.start(updater.config.applicationId(), consumerSettings(updater.config),
                HEALTH_CHECK_INTERVAL, HEALTH_WARN_INTERVAL);
        log.info("Started {}: planning every {} ms on {} threads from {} and {}, publishing to {}{}",
                updater.config.applicationId(), updater.config.planIntervalMs(), updater.planner.threads(),
                TopicCatalog.REPLICA_SCORES.name(), TopicCatalog.LINK_LATENCY.name(),
                TopicCatalog.LB_WEIGHTS.name(),
                updater.config.node().isEmpty() ? "" : ", rules of node " + updater.config.node());
        return updater;
    }

    /** Returns whether the loop thread still runs. */
    public boolean isRunning() {
        return thread.isAlive();
    }

    private void restorePublished() {
        Map<String, Object> settings = consumerSettings(config);
        settings.put(ConsumerConfig.CLIENT_ID_CONFIG, config.applicationId() + "-restore");
        try (KafkaConsumer<byte[], byte[]> reader = new KafkaConsumer<>(settings, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            PublishedWeights published = PublishedWeights.read(reader, weightsDeserializer,
                    Duration.ofMillis(config.restoreTimeoutMs()));
            cycle.restore(published);
            long highest = published.services().values().stream().mapToLong(PublishedWeights.Service::generation)
                    .max().orElse(0);
            log.info("{} restored {} services from {} records of {} ({} skipped), highest generation {}",
                    config.applicationId(), published.services().size(), published.recordsRead(),
                    TopicCatalog.LB_WEIGHTS.name(), published.recordsSkipped(), highest);
        }
    }

    private void assignInputs() {
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : List.of(TopicCatalog.REPLICA_SCORES.name(), TopicCatalog.LINK_LATENCY.name())) {
            List<PartitionInfo> infos = Optional.ofNullable(consumer.partitionsFor(topic)).orElse(List.of());
            if (infos.isEmpty()) {
                throw new IllegalStateException("Topic " + topic + " does not exist on " + config.bootstrapServers()
                        + "; create the Edgeplane topics first with edgeplane topics --bootstrap-server "
                        + config.bootstrapServers());
            }
            infos.forEach(info -> partitions.add(new TopicPartition(info.topic(), info.partition())));
        }
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        // Checked here because a send to a missing topic would block the planning thread for max.block.ms.
        if (Optional.ofNullable(consumer.partitionsFor(TopicCatalog.AUDIT_ACTIONS.name())).orElse(List.of()).isEmpty()) {
            throw new IllegalStateException("Topic " + TopicCatalog.AUDIT_ACTIONS.name() + " does not exist on "
                    + config.bootstrapServers() + "; the updater audits its weight pushes there. Create the Edgeplane"
                    + " topics first with edgeplane topics create");
        }
    }

    private void runLoop() {
        long nextPlanMs = clock.millis() + config.planIntervalMs();
        try {
            while (running) {
                try {
                    for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(config.pollTimeoutMs()))) {
                        intake.process(record);
                    }
                    long nowMs = clock.millis();
                    if (nowMs >= nextPlanMs) {
                        cycle.run(nowMs);
                        nextPlanMs = nowMs + config.planIntervalMs();
                    }
                } catch (WakeupException e) {
                    // close() woke the poll; the loop condition ends the loop.
                } catch (RuntimeException e) {
                    // One failed cycle must not stop the weights: the next cycle retries with fresh input.
                    log.error("Planning loop of {} failed, retrying in the next cycle", config.applicationId(), e);
                    nextPlanMs = clock.millis() + config.planIntervalMs();
                }
            }
        } finally {
            finishAudits();
            closeApplier();
            closeClients();
            log.info("Stopped {}", config.applicationId());
        }
    }

    private void finishAudits() {
        try {
            cycle.finish();
        } catch (RuntimeException e) {
            log.warn("{} could not write the audit records of its last weight pushes: {}", config.applicationId(),
                    e.toString());
        }
    }

    private void closeApplier() {
        if (applier == null) {
            return;
        }
        try {
            applier.close();
        } catch (RuntimeException e) {
            log.error("Failed to remove the rules of node {} on shutdown; remove the EDGEPLANE-SVC chains by hand",
                    config.node(), e);
        }
    }

    private void closeClients() {
        planner.close();
        consumer.close(CLOSE_TIMEOUT);
        producer.close(CLOSE_TIMEOUT);
        scoreDeserializer.close();
        probeDeserializer.close();
        weightsSerializer.close();
        weightsDeserializer.close();
        deadLetterSerializer.close();
        auditSerializer.close();
    }

    /**
     * Stops the loop, removes the applied rules, flushes and closes the Kafka clients. Blocks up to
     * about 20 s. Safe to call from any thread and more than once.
     */
    @Override
    public void close() {
        if (healthCheck != null) {
            healthCheck.close();
        }
        running = false;
        consumer.wakeup();
        try {
            thread.join(TimeUnit.SECONDS.toMillis(CLOSE_TIMEOUT.toSeconds() * 2));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            log.warn("{} did not stop within {} s", config.applicationId(), CLOSE_TIMEOUT.toSeconds() * 2);
        }
    }

    private static Map<String, Object> consumerSettings(LbUpdaterConfig config) {
        Map<String, Object> settings = new HashMap<>();
        settings.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
        settings.put(ConsumerConfig.CLIENT_ID_CONFIG, config.applicationId() + "-consumer");
        settings.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        // The anomaly application writes replica scores in transactions; scores of an aborted one must not count.
        settings.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        return settings;
    }

    private static Map<String, Object> producerSettings(LbUpdaterConfig config) {
        Map<String, Object> settings = new HashMap<>();
        settings.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
        settings.put(ProducerConfig.CLIENT_ID_CONFIG, config.applicationId() + "-producer");
        settings.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        return settings;
    }
}
