package dev.edgeplane.lb.decide;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The last weights an earlier run published for one service, as read back from the weights
 * topic after a restart: the generation, when they were planned, the endpoints, and each client
 * node's share per endpoint. {@link WeightPlanner#restore} turns them into planner state and into
 * the {@link ServicePlan} that the weights API and the appliers serve until the first new plan.
 *
 * @param service the service
 * @param generation generation of the last published set; the next plan gets one more
 * @param plannedAtMs when the last set was planned, in milliseconds since the Unix epoch
 * @param endpoints every endpoint named in any client node's set, in the order first seen
 * @param rampingPods pods whose published set marked them as ramping up
 * @param weightsByNode each client node's shares, indexed like {@code endpoints}; an endpoint
 *     missing from a node's set has share 0 there
 */
public record RestoredWeights(ServiceKey service, long generation, long plannedAtMs, List<Endpoint> endpoints,
        Set<String> rampingPods, Map<String, double[]> weightsByNode) {

    public RestoredWeights {
        Objects.requireNonNull(service, "service");
        endpoints = List.copyOf(endpoints);
        rampingPods = Set.copyOf(rampingPods);
        if (generation < 1) {
            throw new IllegalArgumentException("Invalid generation " + generation + " restored for " + service
                    + ": published generations start at 1");
        }
        Map<String, double[]> copy = new LinkedHashMap<>();
        for (Map.Entry<String, double[]> entry : weightsByNode.entrySet()) {
            if (entry.getValue().length != endpoints.size()) {
                throw new IllegalArgumentException("Invalid restored weights of " + service + " for node "
                        + entry.getKey() + ": " + entry.getValue().length + " shares for " + endpoints.size()
                        + " endpoints");
            }
            copy.put(entry.getKey(), entry.getValue().clone());
        }
        weightsByNode = copy;
    }

    /** Returns the pod names of {@link #endpoints()}, in the same order. */
    public List<String> pods() {
        List<String> pods = new ArrayList<>(endpoints.size());
        for (Endpoint endpoint : endpoints) {
            pods.add(endpoint.pod());
        }
        return pods;
    }

    /** Returns whether any client node gives the endpoint at {@code index} a share above 0. */
    public boolean weighted(int index) {
        for (double[] shares : weightsByNode.values()) {
            if (shares[index] > 0.0) {
                return true;
            }
        }
        return false;
    }
}
