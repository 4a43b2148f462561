package dev.edgeplane.lb.internal;

import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import dev.edgeplane.event.audit.ActionAudit;
import dev.edgeplane.event.audit.ActionKind;
import dev.edgeplane.event.audit.ActionOutcome;
import dev.edgeplane.event.lb.EndpointWeight;
import dev.edgeplane.event.lb.ServiceWeights;

/**
 * Turns published weight sets into WEIGHT_PUSH records of {@code edgeplane.audit.actions}. A set that
 * changes a weight, or the endpoints, from the previous set of its key is a push and gets a record. A
 * set that repeats the previous weights only refreshes the compacted topic, so it gets none. The record's
 * decision id is {@code key#generation}, the weight set it carries out.
 *
 * <p>Not thread-safe: the planning thread calls {@link #pushOf}; the producer's callback thread calls
 * {@link #record}, which reads nothing mutable.
 */
public final class WeightPushAudit {

    /** A weight set that changed weights, with what changed. */
    public record Push(String decisionId, ServiceWeights weights, int changedEndpoints, String largestChange) {
    }

    private final String actor;
    private final Map<String, Map<String, Double>> lastWeights = new HashMap<>();

    /** @param actor the actor of the records, the updater's application id */
    public WeightPushAudit(String actor) {
        this.actor = Objects.requireNonNull(actor, "actor");
    }

    /** Returns the decision id of a weight set: the record key and the generation. */
    public static String decisionId(String key, long generation) {
        return key + "#" + generation;
    }

    /** Remembers {@code weights} as the latest set of {@code key} and returns it as a push when it changed weights. */
    public Optional<Push> pushOf(String key, ServiceWeights weights) {
        Map<String, Double> now = new LinkedHashMap<>();
        for (EndpointWeight endpoint : weights.getEndpoints()) {
            now.put(endpoint.getEndpoint(), endpoint.getWeight());
        }
        Map<String, Double> before = lastWeights.put(key, now);
        if (now.equals(before)) {
            return Optional.empty();
        }
        int changed = 0;
        String largest = "";
        double largestDelta = -1;
        for (Map.Entry<String, Double> entry : now.entrySet()) {
            double previous = before == null ? 0.0 : before.getOrDefault(entry.getKey(), 0.0);
            double delta = Math.abs(entry.getValue() - previous);
            if (before == null || !before.containsKey(entry.getKey()) || delta > 0) {
                changed++;
            }
            if (delta > largestDelta) {
                largestDelta = delta;
                largest = String.format(Locale.ROOT, "%s %.3f -> %.3f", entry.getKey(), previous, entry.getValue());
            }
        }
        if (before != null) {
            for (String gone : before.keySet()) {
                if (!now.containsKey(gone)) {
                    changed++;
                }
            }
        }
        return Optional.of(new Push(decisionId(key, weights.getGeneration()), weights, changed, largest));
    }

    /** Forgets {@code key}, whose weights were deleted; its next set is a push again. */
    public void forget(String key) {
        lastWeights.remove(key);
    }

    /**
     * Returns the audit record of {@code push}.
     *
     * @param failure why the broker did not acknowledge the set, or null when it did
     */
    public ActionAudit record(Push push, Instant time, Exception failure) {
        ServiceWeights weights = push.weights();
        Map<String, String> details = new LinkedHashMap<>();
        details.put("clientNode", String.valueOf(weights.getClientNode()));
        details.put("endpoints", Integer.toString(weights.getEndpoints().size()));
        details.put("changedEndpoints", Integer.toString(push.changedEndpoints()));
        details.put("largestChange", push.largestChange());
        String reason = failure == null
                ? "Published weights of " + weights.getEndpoints().size() + " endpoints for clients on "
                        + weights.getClientNode() + "; " + push.changedEndpoints() + " changed, most " + push.largestChange()
                : "The broker did not acknowledge the weight set: " + failure.getMessage()
                        + "; the next planning cycle publishes newer weights";
        return ActionAudit.newBuilder()
                .setDecisionId(push.decisionId())
                .setActionTime(time)
                .setActor(actor)
                .setKind(ActionKind.WEIGHT_PUSH)
                .setOutcome(failure == null ? ActionOutcome.SUCCEEDED : ActionOutcome.FAILED)
                .setReason(reason)
                .setNamespace(weights.getNamespace())
                .setTarget(weights.getService())
                .setWeightsGeneration(weights.getGeneration())
                .setDetails(details)
                .build();
    }
}
