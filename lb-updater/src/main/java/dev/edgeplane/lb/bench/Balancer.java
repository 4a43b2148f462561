package dev.edgeplane.lb.bench;

/**
 * A load-balancing policy under evaluation. The simulation calls it on its single thread: once per
 * request to choose a replica, then as the request is sent and its response arrives, and once per
 * observation window of simulated time.
 */
public interface Balancer {

    /** Returns the name used in the report. */
    String name();

    /**
     * Chooses the replica for a request from a client node.
     *
     * @param ready indexes of the ready replicas, never empty
     */
    int choose(int client, int[] ready, double nowMs);

    /** Records that a request went to a replica. */
    default void onSend(int client, int replica, double nowMs) {
    }

    /** Records a response as the client saw it. */
    default void onResponse(int client, int replica, double latencyMs, boolean error, double nowMs) {
    }

    /** Called at the end of each observation window, after the replicas closed it. */
    default void onTick(double nowMs, Telemetry telemetry) {
    }
}
