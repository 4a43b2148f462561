package dev.edgeplane.demo.report;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import dev.edgeplane.event.lb.EndpointWeight;
import dev.edgeplane.event.lb.ServiceWeights;

/**
 * Every weight set read from {@code edgeplane.lb.weights}, for every key, with whether it changed any
 * weight from the key's previous set. A set that changed weights is a weight push the audit trail must
 * show; a set that repeats the previous weights is a refresh. Thread-safe.
 */
public final class WeightSets {

    /**
     * One weight set.
     *
     * @param id {@code namespace/service@clientNode#generation}, the decision id of its audit record
     * @param computed when the lb-updater planned it
     * @param changed whether it changed a weight or the endpoints from the key's previous set
     */
    public record WeightSet(String id, Instant computed, boolean changed) {
    }

    private final Map<String, Map<String, Double>> lastWeights = new HashMap<>();
    private final List<WeightSet> sets = new ArrayList<>();

    /** Returns the decision id a weight push of {@code weights} carries in the audit trail. */
    public static String id(ServiceWeights weights) {
        return weights.getNamespace() + "/" + weights.getService() + "@" + weights.getClientNode() + "#"
                + weights.getGeneration();
    }

    /** Adds a set read from the topic. */
    public synchronized void add(ServiceWeights weights) {
        String key = weights.getNamespace() + "/" + weights.getService() + "@" + weights.getClientNode();
        Map<String, Double> now = new HashMap<>();
        for (EndpointWeight endpoint : weights.getEndpoints()) {
            now.put(endpoint.getEndpoint(), endpoint.getWeight());
        }
        Map<String, Double> before = lastWeights.put(key, now);
        sets.add(new WeightSet(id(weights), weights.getComputedTime(), !Objects.equals(before, now)));
    }

    /** Returns the sets read so far, in the order read. */
    public synchronized List<WeightSet> sets() {
        return List.copyOf(sets);
    }
}
