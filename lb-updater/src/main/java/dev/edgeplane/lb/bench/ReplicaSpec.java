package dev.edgeplane.lb.bench;

import java.util.Objects;

/**
 * One simulated replica: a server with {@code workers} request workers and a FIFO queue, whose
 * service time is log-normal, plus the phases a scenario puts it through.
 *
 * @param name pod name
 * @param node node the replica runs on
 * @param medianServiceMs median service time in milliseconds
 * @param sigma log-normal shape of the service time; 0 makes it constant
 * @param workers requests served at once; more wait in the queue
 * @param slow while it lasts, each response leaves {@code slowExtraMs} late; the delay occupies no
 *     worker, as when a replica waits on a slow dependency
 * @param slowExtraMs extra delay in milliseconds during {@code slow}
 * @param failing while it lasts, every request fails after {@code failLatencyMs} without work
 * @param failLatencyMs time to fail in milliseconds
 * @param down while it lasts, the replica is not ready and receives nothing
 * @param coldFactor service-time multiplier right after {@code down} ends, falling linearly to 1
 *     over {@code coldMs}; 1 means no cold start
 * @param coldMs length of the cold start in milliseconds
 */
public record ReplicaSpec(
        String name,
        String node,
        double medianServiceMs,
        double sigma,
        int workers,
        Window slow,
        double slowExtraMs,
        Window failing,
        double failLatencyMs,
        Window down,
        double coldFactor,
        long coldMs) {

    public ReplicaSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(node, "node");
        if (workers < 1 || !(medianServiceMs > 0) || sigma < 0 || coldFactor < 1) {
            throw new IllegalArgumentException("Invalid replica " + name + ": workers " + workers + ", median "
                    + medianServiceMs + " ms, sigma " + sigma + ", cold factor " + coldFactor);
        }
    }

    /** Creates a healthy replica that stays healthy. */
    public static ReplicaSpec steady(String name, String node, double medianServiceMs, double sigma, int workers) {
        return new ReplicaSpec(name, node, medianServiceMs, sigma, workers, Window.NONE, 0, Window.NONE, 0,
                Window.NONE, 1, 0);
    }

    public ReplicaSpec withSlow(Window window, double extraMs) {
        return new ReplicaSpec(name, node, medianServiceMs, sigma, workers, window, extraMs, failing, failLatencyMs,
                down, coldFactor, coldMs);
    }

    public ReplicaSpec withFailing(Window window, double latencyMs) {
        return new ReplicaSpec(name, node, medianServiceMs, sigma, workers, slow, slowExtraMs, window, latencyMs,
                down, coldFactor, coldMs);
    }

    public ReplicaSpec withDown(Window window, double factor, long durationMs) {
        return new ReplicaSpec(name, node, medianServiceMs, sigma, workers, slow, slowExtraMs, failing,
                failLatencyMs, window, factor, durationMs);
    }

    public boolean ready(double timeMs) {
        return !down.contains(timeMs);
    }

    /** Returns the service-time multiplier of the cold start at a time, 1 outside it. */
    public double coldMultiplier(double timeMs) {
        if (down.isEmpty() || coldMs == 0 || timeMs < down.toMs()) {
            return 1.0;
        }
        double left = 1.0 - (timeMs - down.toMs()) / coldMs;
        return left <= 0 ? 1.0 : 1.0 + (coldFactor - 1.0) * left;
    }

    /** Returns the service time for a standard normal draw {@code z} of a request starting at a time. */
    public double serviceMs(double z, double timeMs) {
        return medianServiceMs * coldMultiplier(timeMs) * Math.exp(sigma * z);
    }
}
