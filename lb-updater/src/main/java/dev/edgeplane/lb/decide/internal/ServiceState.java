package dev.edgeplane.lb.decide.internal;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.edgeplane.lb.decide.Endpoint;
import dev.edgeplane.lb.decide.EndpointInput;

/**
 * The planner's memory of one service between plans: its endpoints in the order of the last
 * input with each endpoint's node id, their health, the generation of the last plan, and the
 * weights last planned for each client node. Mutable and confined to the planner's thread.
 *
 * <p>The last weights are one array with a row of endpoint weights (in {@link #pods()} order) per
 * client node, and a map from client id to row. A weights array is never changed after it is
 * stored, so a published plan may share it.
 */
public final class ServiceState {

    private String[] pods = new String[0];
    private EndpointHealth[] health = new EndpointHealth[0];
    private String[] nodeNames = new String[0];
    private int[] nodeIds = new int[0];
    private double[] previousWeights;
    private int[] previousRowById = new int[0];
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
        if (previousWeights != null) {
            int oldCount = pods.length;
            int rows = oldCount == 0 ? 0 : previousWeights.length / oldCount;
            double[] remapped = new double[rows * count];
            for (int row = 0; row < rows; row++) {
                for (int i = 0; i < count; i++) {
                    remapped[row * count + i] = from[i] < 0 ? 0.0 : previousWeights[row * oldCount + from[i]];
                }
            }
            previousWeights = rows == 0 ? null : remapped;
        }
        pods = newPods.clone();
        health = newHealth;
        nodeNames = new String[count];
        nodeIds = new int[count];
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

    /**
     * Returns the planner-wide id of an endpoint's node, resolving it only when the node name
     * differs from the last plan's, which a pod name reused on another node can cause.
     */
    public int nodeId(int endpoint, Endpoint current, NameIds ids) {
        String node = current.node();
        if (node != nodeNames[endpoint] && !node.equals(nodeNames[endpoint])) {
            nodeNames[endpoint] = node;
            nodeIds[endpoint] = ids.idOf(node);
        }
        return nodeIds[endpoint];
    }

    /** Returns the row of a client's last weights, or -1 when none were planned for it. */
    public int previousRow(int clientId) {
        return previousWeights == null || clientId >= previousRowById.length ? -1 : previousRowById[clientId];
    }

    /** Returns the last weights array, rows of {@link #pods()}.length; null before the first plan. */
    public double[] previousWeights() {
        return previousWeights;
    }

    /**
     * Stores a plan's weights.
     *
     * @param weights one row per client node; never changed afterwards
     * @param rowById the row of each client id, -1 for ids without one; never changed afterwards
     */
    public void storeWeights(double[] weights, int[] rowById) {
        previousWeights = weights;
        previousRowById = rowById;
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
