package dev.edgeplane.demo.load;

import java.util.List;
import java.util.random.RandomGenerator;

import dev.edgeplane.event.lb.EndpointWeight;
import dev.edgeplane.event.lb.ServiceWeights;

/**
 * Picks the endpoint of one request as a weighted data plane would: endpoint k with probability
 * weight_k / Σ weights. When no weight set exists or all its weights are 0.0, which the weights
 * topic defines as "keep the default balancing", it picks uniformly among the ready endpoints.
 * Stateless; thread-safe when the random generator is.
 */
public final class EndpointPicker {

    /** Modes of picking an endpoint. */
    public enum Mode { WEIGHTED, UNIFORM }

    /** One pick: the endpoint, {@code ip:port}, and how it was chosen. */
    public record Pick(String endpoint, Mode mode) {
    }

    private final RandomGenerator random;

    public EndpointPicker(RandomGenerator random) {
        this.random = random;
    }

    /**
     * Picks an endpoint.
     *
     * @param weights the current weights, or null when none exist
     * @param readyEndpoints endpoints for the uniform fallback
     * @return the pick, or null when there is neither a positive weight nor a ready endpoint
     */
    public Pick pick(ServiceWeights weights, List<String> readyEndpoints) {
        if (weights != null) {
            List<EndpointWeight> endpoints = weights.getEndpoints();
            double total = 0.0;
            for (EndpointWeight endpoint : endpoints) {
                total += Math.max(0.0, endpoint.getWeight());
            }
            if (total > 0.0) {
                double target = random.nextDouble() * total;
                double cumulative = 0.0;
                String last = null;
                for (EndpointWeight endpoint : endpoints) {
                    double weight = Math.max(0.0, endpoint.getWeight());
                    if (weight == 0.0) {
                        continue;
                    }
                    cumulative += weight;
                    last = endpoint.getEndpoint();
                    if (target < cumulative) {
                        return new Pick(last, Mode.WEIGHTED);
                    }
                }
                // Rounding can leave the target just above the last cumulative sum.
                return new Pick(last, Mode.WEIGHTED);
            }
        }
        if (readyEndpoints.isEmpty()) {
            return null;
        }
        return new Pick(readyEndpoints.get(random.nextInt(readyEndpoints.size())), Mode.UNIFORM);
    }
}
