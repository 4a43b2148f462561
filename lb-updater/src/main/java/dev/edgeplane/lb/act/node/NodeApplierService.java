package dev.edgeplane.lb.act.node;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import dev.edgeplane.event.lb.ServiceWeights;
import dev.edgeplane.kafka.health.BrokerHealthCheck;
import dev.edgeplane.lb.act.ApplyResult;
import dev.edgeplane.lb.act.RuleApplier;
import dev.edgeplane.schemas.catalog.TopicCatalog;
import dev.edgeplane.schemas.serde.SpecificAvroDeserializer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node applier ({@code edgeplane lb apply}): follows {@code edgeplane.lb.weights} and keeps
 * the data plane of one node in step with the weight sets planned for it.
 *
 * <p>It reads every partition from the beginning without a consumer group, so a restarted applier
 * rebuilds the latest set of each service from the compacted topic, and it applies nothing until
 * it has read up to the end offsets it found at start, so that it never applies a partial view.
 * Then it applies when a set changed, at most once per {@code lb.apply.interval.ms}, and again
 * every {@code lb.apply.resync.interval.ms} to restore jumps that kube-proxy dropped. A failed
 * apply is retried after the apply interval.
 *
 * <p>One thread, started by {@link #start}, owns the consumer and the {@link RuleApplier}.
 * {@link #close} stops it, and the thread then closes the applier, which removes the rules it
 * wrote. Records {@code edgeplane.lb.node.records} (tag {@code status}), {@code
 * edgeplane.lb.node.apply} (tag {@code status}), the timer {@code edgeplane.lb.node.apply.duration}
 * and the gauges {@code edgeplane.lb.node.services} and {@code edgeplane.lb.node.generation}.
 */
public final class NodeApplierService implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(NodeApplierService.class);
    private static final Logger audit = LoggerFactory.getLogger("dev.edgeplane.audit.lb");
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration HEALTH_CHECK_INTERVAL = Duration.ofSeconds(5);
    private static final Duration HEALTH_WARN_INTERVAL = Duration.ofMinutes(1);

    private final NodeApplierConfig config;
    private final RuleApplier applier;
    private final MeterRegistry meters;
    private final Clock clock;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final SpecificAvroDeserializer<ServiceWeights> deserializer = new SpecificAvroDeserializer<>();
    private final NodeWeightsView view;
    private final Timer applyTimer;
    private final AtomicLong appliedGeneration = new AtomicLong();
    private final AtomicLong appliedServices = new AtomicLong();
    private final Map<TopicPartition, Long> startEndOffsets = new HashMap<>();
    private final Thread thread;
    private volatile boolean running = true;
    private boolean caughtUp;
    private boolean dirty;
    private long lastApplyMs = Long.MIN_VALUE;
    private BrokerHealthCheck healthCheck;

    private NodeApplierService(NodeApplierConfig config, RuleApplier applier, MeterRegistry meters, Clock clock) {
        this.config = config;
        this.applier = applier;
        this.meters = meters;
        this.clock = clock;
        this.view = new NodeWeightsView(config.node());
        deserializer.configure(Map.of(NodeApplierConfig.SCHEMA_REGISTRY_URL, config.schemaRegistryUrl()), false);
        Map<String, Object> settings = new HashMap<>();
        settings.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
        settings.put(ConsumerConfig.CLIENT_ID_CONFIG, config.applicationId() + "-" + config.node());
        settings.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        this.consumer = new KafkaConsumer<>(settings, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        this.applyTimer = meters.timer("edgeplane.lb.node.apply.duration");
        meters.gauge("edgeplane.lb.node.generation", appliedGeneration);
        meters.gauge("edgeplane.lb.node.services", appliedServices);
        this.thread = new Thread(this::runLoop, config.applicationId() + "-" + config.node());
    }

    /**
     * Creates the node applier, assigns every partition of the weights topic and starts its thread.
     * Blocks until the partitions and their end offsets are known.
     *
     * @param settings {@link NodeApplierConfig} keys
     * @param applier the node's data plane; the service owns it from here on and closes it when it stops
     * @throws org.apache.kafka.common.config.ConfigException if a setting is invalid
     * @throws IllegalStateException if the weights topic does not exist
     */
    public static NodeApplierService start(Map<String, ?> settings, RuleApplier applier, MeterRegistry meters,
            Clock clock) {
        NodeApplierService service = new NodeApplierService(NodeApplierConfig.from(settings), applier, meters, clock);
        // Started first, so that an unreachable cluster is reported while the assignment below waits for it.
        service.healthCheck = BrokerHealthCheck.start(service.config.applicationId() + "-" + service.config.node(),
                Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, service.config.bootstrapServers()), HEALTH_CHECK_INTERVAL,
                HEALTH_WARN_INTERVAL);
        try {
            service.assign();
        } catch (RuntimeException e) {
            service.healthCheck.close();
            service.consumer.close(CLOSE_TIMEOUT);
            service.deserializer.close();
            throw e;
        }
        service.thread.start();
        log.info("Started {} for node {}: following {} from {} partitions", service.config.applicationId(),
                service.config.node(), TopicCatalog.LB_WEIGHTS.name(), service.startEndOffsets.size());
        return service;
    }

    private void assign() {
        String topic = TopicCatalog.LB_WEIGHTS.name();
        List<PartitionInfo> infos = Optional.ofNullable(consumer.partitionsFor(topic)).orElse(List.of());
        if (infos.isEmpty()) {
            throw new IllegalStateException("Topic " + topic + " does not exist on " + config.bootstrapServers()
                    + "; create the Edgeplane topics first with edgeplane topics --bootstrap-server "
                    + config.bootstrapServers());
        }
        List<TopicPartition> partitions = new ArrayList<>();
        infos.forEach(info -> partitions.add(new TopicPartition(topic, info.partition())));
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        startEndOffsets.putAll(consumer.endOffsets(partitions));
    }

    /** Returns whether the loop thread still runs. */
    public boolean isRunning() {
        return thread.isAlive();
    }

    private void runLoop() {
        try {
            while (running) {
                try {
                    for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(config.pollTimeoutMs()))) {
                        take(record);
                    }
                    caughtUp = caughtUp || reachedStartEnd();
                    maybeApply(clock.millis());
                } catch (WakeupException e) {
                    // close() woke the poll; the loop condition ends the loop.
                } catch (RuntimeException e) {
                    log.error("Node applier loop of {} failed, retrying", config.node(), e);
                }
            }
        } finally {
            closeApplier();
            consumer.close(CLOSE_TIMEOUT);
            deserializer.close();
            log.info("Stopped {} for node {}", config.applicationId(), config.node());
        }
    }

    private void take(ConsumerRecord<byte[], byte[]> record) {
        if (record.key() == null) {
            count("no_key");
            log.warn("Skipped a record without key in {} partition {} offset {}", record.topic(), record.partition(),
                    record.offset());
            return;
        }
        String key = new String(record.key(), StandardCharsets.UTF_8);
        if (!view.isForNode(key)) {
            // Most records are other nodes' sets; skipping them before decoding saves the work.
            count("other_node");
            return;
        }
        ServiceWeights value;
        try {
            value = record.value() == null ? null : deserializer.deserialize(record.topic(), record.value());
        } catch (RuntimeException e) {
            count("undecodable");
            log.warn("Skipped an undecodable record in {} partition {} offset {}: {}", record.topic(),
                    record.partition(), record.offset(), e.getMessage());
            return;
        }
        NodeWeightsView.Outcome outcome = view.accept(key, value);
        count(outcome.name().toLowerCase(Locale.ROOT));
        if (outcome == NodeWeightsView.Outcome.INVALID) {
            log.warn("Skipped invalid weights in {} partition {} offset {}: {}; the service keeps its previous rules",
                    record.topic(), record.partition(), record.offset(), view.lastInvalidReason());
        }
        dirty |= outcome == NodeWeightsView.Outcome.CHANGED;
    }

    private boolean reachedStartEnd() {
        for (Map.Entry<TopicPartition, Long> end : startEndOffsets.entrySet()) {
            if (consumer.position(end.getKey()) < end.getValue()) {
                return false;
            }
        }
        return true;
    }

    private void maybeApply(long nowMs) {
        if (!caughtUp) {
            return;
        }
        boolean first = lastApplyMs == Long.MIN_VALUE;
        long sinceLast = first ? Long.MAX_VALUE : nowMs - lastApplyMs;
        boolean due = (dirty || first) && sinceLast >= config.applyIntervalMs() || sinceLast >= config.resyncIntervalMs();
        if (!due) {
            return;
        }
        lastApplyMs = nowMs;
        long started = System.nanoTime();
        try {
            ApplyResult result = applier.apply(view.desired());
            dirty = false;
            appliedGeneration.set(view.highestGeneration());
            appliedServices.set(view.serviceCount());
            meters.counter("edgeplane.lb.node.apply", "status", "applied").increment();
            if (result.chainsWritten() > 0 || result.chainsRemoved() > 0) {
                audit.info("Applied the rules of node {}: {} chains written, {} removed, {} services left to kube-proxy",
                        config.node(), result.chainsWritten(), result.chainsRemoved(), result.skipped().size());
            }
        } catch (RuntimeException e) {
            meters.counter("edgeplane.lb.node.apply", "status", "failed").increment();
            log.warn("Failed to apply the rules of node {}: {}; retrying in {} ms", config.node(), e.getMessage(),
                    config.applyIntervalMs(), e);
        } finally {
            applyTimer.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
        }
    }

    private void count(String status) {
        meters.counter("edgeplane.lb.node.records", "status", status).increment();
    }

    private void closeApplier() {
        try {
            applier.close();
        } catch (RuntimeException e) {
            log.error("Failed to remove the rules of node {} on shutdown; remove the EDGEPLANE-SVC chains by hand",
                    config.node(), e);
        }
    }

    /**
     * Stops the loop, removes the applied rules and closes the consumer. Blocks up to about 20 s.
     * Safe to call from any thread and more than once.
     */
    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            thread.join(TimeUnit.SECONDS.toMillis(CLOSE_TIMEOUT.toSeconds() * 2));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            log.warn("{} for node {} did not stop within {} s", config.applicationId(), config.node(),
                    CLOSE_TIMEOUT.toSeconds() * 2);
        }
        healthCheck.close();
    }
}
