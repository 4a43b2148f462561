package dev.edgeplane.demo.timeline;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.edgeplane.demo.internal.TopicFollower;
import dev.edgeplane.event.audit.ActionAudit;
import dev.edgeplane.event.audit.ActionKind;
import dev.edgeplane.event.audit.ActionOutcome;
import dev.edgeplane.event.decision.RescheduleDecision;
import dev.edgeplane.event.state.NodeHealth;
import dev.edgeplane.schemas.catalog.TopicCatalog;
import dev.edgeplane.schemas.registry.RestSchemaRegistryClient;
import dev.edgeplane.schemas.registry.SchemaRegistryClient;
import dev.edgeplane.schemas.serde.SpecificAvroDeserializer;

/**
 * Follows what the control plane publishes (node health, reschedule decisions and the audit
 * trail) and records each as a {@link TimelineEvent} at the time its Kafka record carries. Keeps
 * every audit record for the summary. Reads each topic from its beginning on a thread of its own;
 * the caller closes it.
 */
public final class ControlPlaneFeed implements AutoCloseable {

    private final Timeline timeline;
    private final SpecificAvroDeserializer<NodeHealth> healthDeserializer;
    private final SpecificAvroDeserializer<RescheduleDecision> decisionDeserializer;
    private final SpecificAvroDeserializer<ActionAudit> auditDeserializer;
    private final List<ActionAudit> audits = new CopyOnWriteArrayList<>();
    private final List<RescheduleDecision> decisions = new CopyOnWriteArrayList<>();
    private final Map<String, String> lastStates = new java.util.concurrent.ConcurrentHashMap<>();
    private final TopicFollower follower;

    private ControlPlaneFeed(String bootstrapServers, String registryUrl, Timeline timeline) {
        this.timeline = timeline;
        SchemaRegistryClient registry = RestSchemaRegistryClient.forUrl(registryUrl);
        this.healthDeserializer = new SpecificAvroDeserializer<>(registry, NodeHealth.class);
        this.decisionDeserializer = new SpecificAvroDeserializer<>(registry, RescheduleDecision.class);
        this.auditDeserializer = new SpecificAvroDeserializer<>(registry, ActionAudit.class);
        String health = TopicCatalog.NODE_HEALTH.name();
        String decisions = TopicCatalog.RESCHEDULE_DECISIONS.name();
        String audit = TopicCatalog.AUDIT_ACTIONS.name();
        this.follower = TopicFollower.start(bootstrapServers, "edgeplane-demo-control-plane", Map.of(
                health, (key, value, ts) -> onHealth(healthDeserializer.deserialize(health, value), ts),
                decisions, (key, value, ts) -> onDecision(decisionDeserializer.deserialize(decisions, value), ts),
                audit, (key, value, ts) -> onAudit(auditDeserializer.deserialize(audit, value), ts)));
    }

    /**
     * Starts following the three topics. Blocks until their partitions are known.
     *
     * @throws IllegalStateException if a topic does not exist
     */
    public static ControlPlaneFeed start(String bootstrapServers, String registryUrl, Timeline timeline) {
        return new ControlPlaneFeed(bootstrapServers, registryUrl, timeline);
    }

    /** Returns the audit records read so far, in the order read. */
    public List<ActionAudit> audits() {
        return List.copyOf(audits);
    }

    /** Returns the reschedule decisions read so far, in the order read. */
    public List<RescheduleDecision> decisions() {
        return List.copyOf(decisions);
    }

    private void onHealth(NodeHealth health, long timestampMs) {
        if (health == null) {
            return;
        }
        // The detector writes a record per node and window; the timeline shows the changes.
        if (health.getState().name().equals(lastStates.put(health.getNode(), health.getState().name()))) {
            return;
        }
        // A node's first records, before it has enough windows, repeat UNKNOWN and are no change.
        if (health.getState() == health.getPreviousState()) {
            return;
        }
        // Each reason is a sentence of its own.
        String reasons = health.getReasons().isEmpty() ? "" : ": " + String.join(" ", health.getReasons());
        timeline.record(new TimelineEvent(Instant.ofEpochMilli(timestampMs), EventKind.NODE_STATE, health.getNode(),
                health.getNode(), health.getState().name(), "node " + health.getNode() + " " + health.getPreviousState()
                + " -> " + health.getState() + reasons));
    }

    private void onDecision(RescheduleDecision decision, long timestampMs) {
        if (decision == null) {
            return;
        }
        decisions.add(decision);
        String target = decision.getPredictedTarget() == null ? "no predicted target" : "to " + decision.getPredictedTarget();
        timeline.record(new TimelineEvent(Instant.ofEpochMilli(timestampMs), EventKind.DECISION,
                decision.getNamespace() + "/" + decision.getPod(), decision.getFromNode(), decision.getStrategy().name(),
                "decision " + decision.getDecisionId() + ": move " + decision.getNamespace() + "/" + decision.getPod()
                        + " off " + decision.getFromNode() + " " + target + " (" + decision.getStrategy() + ")"));
    }

    private void onAudit(ActionAudit audit, long timestampMs) {
        if (audit == null) {
            return;
        }
        audits.add(audit);
        if (audit.getKind() == ActionKind.WEIGHT_PUSH) {
            // Weight pushes come every planning cycle for every client node; the timeline shows the
            // weights themselves, and the audit trail check counts these records.
            return;
        }
        EventKind kind = switch (audit.getOutcome()) {
            case SKIPPED -> EventKind.ACTION_SKIPPED;
            case FAILED, UNKNOWN -> EventKind.ACTION_FAILED;
            default -> EventKind.ACTION;
        };
        String node = audit.getFromNode() != null ? audit.getFromNode() : audit.getToNode();
        String target = (audit.getNamespace() == null ? "" : audit.getNamespace() + "/") + audit.getTarget();
        String route = audit.getFromNode() == null && audit.getToNode() == null ? ""
                : " (" + (audit.getFromNode() == null ? "" : audit.getFromNode()) + " -> "
                        + (audit.getToNode() == null ? "" : audit.getToNode()) + ")";
        String outcome = audit.getOutcome() == ActionOutcome.SUCCEEDED ? "" : " " + audit.getOutcome() + ": " + audit.getReason();
        timeline.record(new TimelineEvent(Instant.ofEpochMilli(timestampMs), kind, target, node, audit.getKind().name(),
                audit.getKind() + " " + target + route + outcome + " [decision " + audit.getDecisionId() + "]"));
    }

    /** Stops following. Blocks up to about 10 s. */
    @Override
    public void close() {
        follower.close();
        healthDeserializer.close();
        decisionDeserializer.close();
        auditDeserializer.close();
    }
}
