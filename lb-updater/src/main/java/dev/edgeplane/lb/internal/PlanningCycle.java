package dev.edgeplane.lb.internal;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import dev.edgeplane.event.audit.ActionAudit;
import dev.edgeplane.event.lb.ServiceWeights;
import dev.edgeplane.lb.LbUpdaterConfig;
import dev.edgeplane.lb.act.ApplyResult;
import dev.edgeplane.lb.act.RuleApplier;
import dev.edgeplane.lb.act.http.WeightsStore;
import dev.edgeplane.lb.act.iptables.Protocol;
import dev.edgeplane.lb.act.iptables.ServicePort;
import dev.edgeplane.lb.act.iptables.ServiceRules;
import dev.edgeplane.lb.decide.EndpointDecision;
import dev.edgeplane.lb.decide.EndpointState;
import dev.edgeplane.lb.decide.LinkLatencyTable;
import dev.edgeplane.lb.decide.NodeWeights;
import dev.edgeplane.lb.decide.ServiceInput;
import dev.edgeplane.lb.decide.ServiceKey;
import dev.edgeplane.lb.decide.ServicePlan;
import dev.edgeplane.lb.decide.ParallelWeightPlanner;
import dev.edgeplane.lb.observe.EndpointDirectory;
import dev.edgeplane.lb.observe.ObservedState;
import dev.edgeplane.schemas.catalog.TopicCatalog;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One planning cycle of the updater: plan every observed service, publish each client node's
 * weights, store the plans, apply the rules of the configured node, and delete the weights of
 * services that have no replica left. Not thread-safe: the updater's loop thread owns it.
 *
 * <p>Records {@code edgeplane.lb.plan.cycle} (timer) and {@code edgeplane.lb.publish.latency} (timer,
 * from send to the broker's acknowledgement, tag {@code status}), counts {@code edgeplane.lb.plans},
 * {@code edgeplane.lb.weights.published}, {@code edgeplane.lb.endpoints.unresolved} and {@code
 * edgeplane.lb.apply} (tag {@code status}), and sets the gauges {@code edgeplane.lb.endpoints.ejected}
 * (endpoints ejected in the last cycle, over every service), {@code edgeplane.lb.services} and
 * {@code edgeplane.lb.generation} (the highest generation published).
 */
public final class PlanningCycle {

    private static final Logger log = LoggerFactory.getLogger(PlanningCycle.class);
    private static final Logger audit = LoggerFactory.getLogger("dev.edgeplane.audit.lb");
    private static final long WARN_INTERVAL_MS = 60_000;

    private final LbUpdaterConfig config;
    private final ParallelWeightPlanner planner;
    private final ObservedState state;
    private final EndpointDirectory directory;
    private final WeightsStore store;
    private final Producer<byte[], byte[]> producer;
    private final Serializer<ServiceWeights> serializer;
    private final Serializer<ActionAudit> auditSerializer;
    private final WeightPushAudit pushAudit;
    private final Queue<Answered> answeredPushes = new ConcurrentLinkedQueue<>();
    private final RuleApplier applier;
    private final MeterRegistry meters;
    private final Timer cycleTimer;
    private final Counter plansCounter;
    private final AtomicLong ejectedEndpoints = new AtomicLong();
    private final AtomicLong plannedServices = new AtomicLong();
    private final AtomicLong highestGeneration = new AtomicLong();
    private final Map<ServiceKey, Set<String>> publishedKeys = new HashMap<>();
    private final Map<ServiceKey, Set<String>> restoredKeys = new HashMap<>();
    private long lastUnresolvedWarnMs = Long.MIN_VALUE;

    /** Creates the cycle; the caller owns the producer, serializer and applier. */
    public PlanningCycle(LbUpdaterConfig config, ParallelWeightPlanner planner, ObservedState state, EndpointDirectory directory,
            WeightsStore store, Producer<byte[], byte[]> producer, Serializer<ServiceWeights> serializer,
            Serializer<ActionAudit> auditSerializer, RuleApplier applier, MeterRegistry meters) {
        this.config = config;
        this.planner = planner;
        this.state = state;
        this.directory = directory;
        this.store = store;
        this.producer = producer;
        this.serializer = serializer;
        this.auditSerializer = auditSerializer;
        this.pushAudit = new WeightPushAudit(config.applicationId());
        this.applier = applier;
        this.meters = meters;
        this.cycleTimer = meters.timer("edgeplane.lb.plan.cycle");
        this.plansCounter = meters.counter("edgeplane.lb.plans");
        meters.gauge("edgeplane.lb.endpoints.ejected", ejectedEndpoints);
        meters.gauge("edgeplane.lb.services", plannedServices);
        meters.gauge("edgeplane.lb.generation", highestGeneration);
    }

    /**
     * Restores the weights an earlier run published. The planner gets them, so that generations
     * continue and first plans keep to the change limit. The store gets them with their generation,
     * so the weights API serves them at once, and the configured node's rules are applied from
     * them. Call before the first {@link #run}, before the thread that runs the cycle starts.
     * Blocks while the applier runs. A restored service that this run never plans keeps its records in
     * the topic and its weights in the store, because an updater that has not yet read all scores
     * cannot tell a gone service from one not read yet.
     */
    public void restore(PublishedWeights published) {
        List<ServicePlan> plans = new ArrayList<>(published.services().size());
        published.services().forEach((service, last) -> {
            ServicePlan plan = planner.restore(last.weights());
            store.put(plan);
            plans.add(plan);
            restoredKeys.put(service, new HashSet<>(last.keys()));
            highestGeneration.accumulateAndGet(plan.generation(), Math::max);
        });
        plans.removeIf(plan -> !plan.clientNodes().contains(config.node()));
        if (!plans.isEmpty()) {
            maybeApply(plans);
        }
    }

    /** A weight push the broker acknowledged or rejected, waiting for its audit record. */
    private record Answered(WeightPushAudit.Push push, Instant time, Exception failure) {
    }

    /** Runs one cycle at {@code nowMs}. Blocks while the applier runs and the producer's buffer is full. */
    public void run(long nowMs) {
        long started = System.nanoTime();
        sendAudits();
        state.expireScores(nowMs - config.replicaExpiryMs());
        List<String> unresolved = new ArrayList<>();
        List<ServiceInput> inputs = state.serviceInputs(directory, unresolved);
        reportUnresolved(unresolved, nowMs);
        LinkLatencyTable links = state.linkTable(config.node().isEmpty() ? Set.of() : Set.of(config.node()));

        List<ServicePlan> plans = planner.planAll(inputs, links, nowMs);
        Set<ServiceKey> planned = new HashSet<>();
        long ejected = 0;
        for (ServicePlan plan : plans) {
            planned.add(plan.service());
            store.put(plan);
            publish(plan);
            ejected += countEjected(plan);
            highestGeneration.accumulateAndGet(plan.generation(), Math::max);
        }
        plansCounter.increment(plans.size());
        ejectedEndpoints.set(ejected);
        plannedServices.set(plans.size());
        forgetGone(planned);
        maybeApply(plans);
        cycleTimer.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
    }

    private void publish(ServicePlan plan) {
        Set<String> keys = new HashSet<>();
        for (NodeWeights weights : plan.nodeWeights()) {
            ServiceWeights event = ServiceWeightsMapper.toEvent(plan, weights, state);
            String key = ServiceWeightsMapper.key(weights);
            keys.add(key);
            byte[] value = serializer.serialize(TopicCatalog.LB_WEIGHTS.name(), event);
            Optional<WeightPushAudit.Push> push = pushAudit.pushOf(key, event);
            long sentNanos = System.nanoTime();
            producer.send(new ProducerRecord<>(TopicCatalog.LB_WEIGHTS.name(), utf8(key), value), (metadata, e) -> {
                meters.timer("edgeplane.lb.publish.latency", "status", e == null ? "acknowledged" : "failed")
                        .record(System.nanoTime() - sentNanos, TimeUnit.NANOSECONDS);
                if (e != null) {
                    log.warn("Failed to publish the weights {} generation {}: {}; the next cycle publishes newer ones",
                            key, plan.generation(), e.getMessage());
                }
                // The audit record is sent by the planning thread: a send from this callback runs on the
                // producer's network thread and can block it while it waits for the audit topic's metadata,
                // which only that thread can fetch.
                push.ifPresent(p -> answeredPushes.add(new Answered(p, Instant.now(), e)));
            });
        }
        meters.counter("edgeplane.lb.weights.published").increment(keys.size());
        Set<String> previous = publishedKeys.put(plan.service(), keys);
        if (previous == null) {
            previous = restoredKeys.remove(plan.service());
        }
        if (previous != null) {
            previous.removeAll(keys);
            previous.forEach(this::sendTombstone);
        }
    }

    private static int countEjected(ServicePlan plan) {
        int ejected = 0;
        for (EndpointDecision decision : plan.decisions()) {
            if (decision.state() == EndpointState.EJECTED) {
                ejected++;
            }
        }
        return ejected;
    }

    /** Deletes the weights of services whose replicas all expired, from the planner, store and topic. */
    private void forgetGone(Set<ServiceKey> planned) {
        List<ServiceKey> removed = new ArrayList<>();
        for (ServiceKey service : publishedKeys.keySet()) {
            if (!planned.contains(service)) {
                removed.add(service);
            }
        }
        for (ServiceKey service : removed) {
            publishedKeys.remove(service).forEach(this::sendTombstone);
            planner.forget(service);
            store.remove(service);
            log.info("Service {} has no scored replica left; deleted its weights", service);
        }
    }

    private void sendTombstone(String key) {
        pushAudit.forget(key);
        producer.send(new ProducerRecord<>(TopicCatalog.LB_WEIGHTS.name(), utf8(key), null));
    }

    /**
     * Flushes the producer, so the broker has acknowledged or rejected every weight set published so far, and sends the audit records
     * of their pushes. Call once the last cycle ran, before the producer closes. Blocks until flushed.
     */
    public void finish() {
        producer.flush();
        sendAudits();
        producer.flush();
    }

    /** Sends the audit records of the weight pushes the broker acknowledged or rejected since the last call. */
    private void sendAudits() {
        for (Answered answered = answeredPushes.poll(); answered != null; answered = answeredPushes.poll()) {
            audit(answered.push(), answered.time(), answered.failure());
        }
    }

    private void audit(WeightPushAudit.Push push, Instant time, Exception failure) {
        ActionAudit record = pushAudit.record(push, time, failure);
        String topic = TopicCatalog.AUDIT_ACTIONS.name();
        producer.send(new ProducerRecord<>(topic, utf8(push.decisionId()), auditSerializer.serialize(topic, record)),
                (metadata, e) -> {
                    meters.counter("edgeplane.lb.audit.records", "status", e == null ? "acknowledged" : "failed").increment();
                    if (e != null) {
                        log.warn("Failed to audit the weight push {}: {}", push.decisionId(), e.getMessage());
                    }
                });
    }

    private void maybeApply(List<ServicePlan> plans) {
        if (applier == null || config.node().isEmpty()) {
            return;
        }
        List<ServiceRules> desired = new ArrayList<>(plans.size());
        for (ServicePlan plan : plans) {
            // NOTE: replica scores name no service port, so the rules cover only the service's single,
            // unnamed TCP port. Services with named or several ports need a source of ports first.
            desired.add(ServiceRules.of(new ServicePort(plan.service(), "", Protocol.TCP), plan.forNode(config.node())));
        }
        try {
            ApplyResult result = applier.apply(desired);
            meters.counter("edgeplane.lb.apply", "status", "applied").increment();
            audit.info("Applied the rules of node {}: {} chains written, {} removed, {} services left to kube-proxy",
                    config.node(), result.chainsWritten(), result.chainsRemoved(), result.skipped().size());
        } catch (RuntimeException e) {
            meters.counter("edgeplane.lb.apply", "status", "failed").increment();
            log.warn("Failed to apply the rules of node {}: {}; retrying in the next cycle", config.node(),
                    e.getMessage(), e);
        }
    }

    private void reportUnresolved(List<String> unresolved, long nowMs) {
        if (unresolved.isEmpty()) {
            return;
        }
        meters.counter("edgeplane.lb.endpoints.unresolved").increment(unresolved.size());
        if (lastUnresolvedWarnMs == Long.MIN_VALUE || nowMs - lastUnresolvedWarnMs >= WARN_INTERVAL_MS) {
            lastUnresolvedWarnMs = nowMs;
            log.warn("{} scored pods have no known endpoint address and get no weight, such as {}; add them to the"
                    + " endpoint directory", unresolved.size(), unresolved.subList(0, Math.min(3, unresolved.size())));
        }
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
