package dev.edgeplane.lb.bench;

/**
 * A balancer that counts, per client node and replica, its own requests still waiting for a
 * response. Least-request, peak EWMA and the weights proxy all weigh replicas by that count.
 */
abstract class OutstandingCountingBalancer implements Balancer {

    private final int[][] outstanding;

    OutstandingCountingBalancer(int clients, int replicas) {
        this.outstanding = new int[clients][replicas];
    }

    /** Returns the requests from {@code client} to {@code replica} without a response yet. */
    final int outstanding(int client, int replica) {
        return outstanding[client][replica];
    }

    @Override
    public final void onSend(int client, int replica, double nowMs) {
        outstanding[client][replica]++;
    }

    /** Counts the response; a subclass that overrides this calls it first. */
    @Override
    public void onResponse(int client, int replica, double latencyMs, boolean error, double nowMs) {
        outstanding[client][replica]--;
    }
}
