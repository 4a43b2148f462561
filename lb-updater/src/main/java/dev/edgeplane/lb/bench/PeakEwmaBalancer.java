package dev.edgeplane.lb.bench;

import java.util.SplittableRandom;

/**
 * Peak EWMA with two random choices, after Finagle's PeakEwma balancer (Linkerd's proxy uses the
 * same idea). Each client node keeps, per replica, a latency estimate that jumps to any higher
 * sample and otherwise decays towards samples with time constant {@code decayMs}; reading the
 * estimate decays it towards 0, so an idle replica slowly becomes attractive again. The load of a
 * replica is estimate x (outstanding + 1); a replica with no estimate yet but requests
 * outstanding gets a large penalty. Of two distinct random ready replicas the lower load wins.
 * Errors count as samples with their latency, as in Finagle, so a replica that fails fast looks fast.
 */
final class PeakEwmaBalancer extends OutstandingCountingBalancer {

    /** Finagle's penalty for a replica without an estimate but with requests outstanding. */
    private static final double PENALTY = (double) (Long.MAX_VALUE >> 16);

    private final SplittableRandom random;
    private final double decayMs;
    private final double[][] estimateMs;
    private final double[][] stampMs;

    PeakEwmaBalancer(SplittableRandom random, int clients, int replicas, double decayMs) {
        super(clients, replicas);
        this.random = random;
        this.decayMs = decayMs;
        this.estimateMs = new double[clients][replicas];
        this.stampMs = new double[clients][replicas];
    }

    @Override
    public String name() {
        return "peak-ewma";
    }

    @Override
    public int choose(int client, int[] ready, double nowMs) {
        if (ready.length == 1) {
            return ready[0];
        }
        int first = ready[random.nextInt(ready.length)];
        int second = ready[random.nextInt(ready.length - 1)];
        if (second == first) {
            second = ready[ready.length - 1];
        }
        return load(client, second, nowMs) < load(client, first, nowMs) ? second : first;
    }

    @Override
    public void onResponse(int client, int replica, double latencyMs, boolean error, double nowMs) {
        super.onResponse(client, replica, latencyMs, error, nowMs);
        observe(client, replica, latencyMs, nowMs);
    }

    private double load(int client, int replica, double nowMs) {
        observe(client, replica, 0.0, nowMs);
        double estimate = estimateMs[client][replica];
        int pending = outstanding(client, replica);
        if (estimate == 0.0 && pending != 0) {
            return PENALTY + pending;
        }
        return estimate * (pending + 1);
    }

    private void observe(int client, int replica, double sampleMs, double nowMs) {
        double elapsed = Math.max(nowMs - stampMs[client][replica], 0.0);
        double keep = Math.exp(-elapsed / decayMs);
        double estimate = estimateMs[client][replica];
        estimateMs[client][replica] = sampleMs > estimate ? sampleMs : estimate * keep + sampleMs * (1.0 - keep);
        stampMs[client][replica] = nowMs;
    }
}
