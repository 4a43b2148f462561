package dev.edgeplane.lb.decide.internal;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.edgeplane.lb.decide.EndpointInput;

/**
 * The planner's memory of one service between plans: its endpoints in the order of the
 * last input, their health, the generation of the last plan, and the weights last planned for each
 * client node. Mutable and confined to the planner's thread.
 *
 * <p>Weight arrays are indexed by endpoint (in {@link #pods()} order) and stored per client node
 * under the planner's stable client id. A weight array is never changed after it is stored, so a
 * published plan may share it.
 */
public final class ServiceState {

    private String[] pods = new String[0];
    private EndpointHealth[] health = new EndpointHealth[0];
    private double[][] previousWeights = new double[0][];
    private long generation;

    /**
     * Reorders the remembered state to match the endpoints of a new input. Endpoints that left
     * are forgotten; new ones start with fresh health and no previous weight.
     */
    public void align(List<EndpointInput> endpoints) {
        if (samePods(endpoints)) {
            return;
        }
        String[] names = new String[endpoints.size()];
        for (int i = 0; i < names.length; i++) {
            names[i] = endpoints.get(i).endpoint().pod();
        }
        alignTo(names);
    }

    /** Reorders the remembered state to match the given pods, as {@link #align} does. */
    public void alignTo(String[] newPods) {
        Map<String, Integer> oldIndex = new HashMap<>(pods.length * 2);
        for (int i = 0; i < pods.length; i++) {
            oldIndex.put(pods[i], i);
        }

        int count = newPods.length;
        EndpointHealth[] newHealth = new EndpointHealth[count];
        int[] from = new int[count];
        for (int i = 0; i < count; i++) {
            Integer old = oldIndex.get(newPods[i]);
            from[i] = old == null ? -1 : old;
            newHealth[i] = old == null ? new EndpointHealth() : health[old];
        }
        for (int client = 0; client < previousWeights.length; client++) {
            double[] old = previousWeights[client];
            if (old == null) {
                continue;
            }
            double[] remapped = new double[count];
            for (int i = 0; i < count; i++) {
                remapped[i] = from[i] < 0 ? 0.0 : old[from[i]];
            }
            previousWeights[client] = remapped;
        }
        pods = newPods.clone();
        health = newHealth;
    }

    private boolean samePods(List<EndpointInput> endpoints) {
        if (endpoints.size() != pods.length) {
            return false;
        }
        for (int i = 0; i < pods.length; i++) {
            String pod = endpoints.get(i).endpoint().pod();
            if (pod != pods[i] && !pod.equals(pods[i])) {
                return false;
            }
        }
        return true;
    }

    public String[] pods() {
        return pods;
    }

    public EndpointHealth health(int endpoint) {
        return health[endpoint];
    }

    /** Returns the weights last planned for a client, or null when none were. */
    public double[] previousWeights(int clientId) {
        return clientId < previousWeights.length ? previousWeights[clientId] : null;
    }

    /** Stores the weights planned for a client; the array must not change afterwards. */
    public void storeWeights(int clientId, double[] weights) {
        if (clientId >= previousWeights.length) {
            previousWeights = Arrays.copyOf(previousWeights, Math.max(clientId + 1, previousWeights.length * 2));
        }
        previousWeights[clientId] = weights;
    }

    /** Returns whether no plan has been made or restored yet. */
    public boolean isNew() {
        return generation == 0;
    }

    /** Advances and returns the generation for a new plan. */
    public long nextGeneration() {
        return ++generation;
    }

    /** Sets the generation of the last published plan, for state restored after a restart. */
    public void restoreGeneration(long lastGeneration) {
        generation = Math.max(generation, lastGeneration);
    }
}
