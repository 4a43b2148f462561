package dev.edgeplane.lb.decide;

/**
 * Request statistics of one replica over one observation window, as measured at the replica
 * (link round-trip time excluded).
 *
 * <p>A source that reports a single percentile, such as a p95, passes it as both {@code p50Ms}
 * and {@code p99Ms}. When {@code sampleCount} is 0 the percentiles and the error rate carry no
 * information and the planner ignores them. When {@code latencyMeasured} is false, as when every
 * request of the window failed without a response, the percentiles carry none either, but the
 * error rate still counts.
 *
 * @param p50Ms median response time in milliseconds
 * @param p99Ms 99th percentile response time in milliseconds, at least {@code p50Ms}
 * @param errorRate failed requests divided by completed requests, 0 to 1
 * @param inFlight mean number of requests in progress over the window
 * @param sampleCount completed requests in the window, failed ones included
 * @param windowMs length of the window in milliseconds, at least 1
 * @param observedAtMs end of the window, in milliseconds since the Unix epoch; a later value
 *     marks a newer observation
 * @param latencyMeasured whether the percentiles were measured; false when no request got a response
 */
public record ReplicaObservation(
        double p50Ms, double p99Ms, double errorRate, double inFlight, long sampleCount, long windowMs,
        long observedAtMs, boolean latencyMeasured) {

    /** Creates an observation whose percentiles were measured whenever a request completed. */
    public ReplicaObservation(double p50Ms, double p99Ms, double errorRate, double inFlight, long sampleCount,
            long windowMs, long observedAtMs) {
        this(p50Ms, p99Ms, errorRate, inFlight, sampleCount, windowMs, observedAtMs, sampleCount > 0);
    }

    public ReplicaObservation {
        requireNonNegative("p50Ms", p50Ms);
        requireNonNegative("p99Ms", p99Ms);
        requireNonNegative("inFlight", inFlight);
        if (p99Ms < p50Ms) {
            throw new IllegalArgumentException("Invalid observation: p99Ms " + p99Ms
                    + " is below p50Ms " + p50Ms + "; pass the same value twice when only one percentile is known");
        }
        if (!(errorRate >= 0.0 && errorRate <= 1.0)) {
            throw new IllegalArgumentException("Invalid observation: errorRate " + errorRate
                    + " is outside 0..1; pass failed requests divided by completed requests");
        }
        if (windowMs < 1) {
            throw new IllegalArgumentException("Invalid observation: windowMs " + windowMs + " must be at least 1");
        }
        if (sampleCount < 0) {
            throw new IllegalArgumentException("Invalid observation: sampleCount " + sampleCount + " is negative");
        }
        if (latencyMeasured && sampleCount == 0) {
            throw new IllegalArgumentException("Invalid observation: latencyMeasured is true but sampleCount is 0;"
                    + " a window without completed requests has no measured latency");
        }
    }

    /**
     * Returns the mean response time that Little's law gives for the window: mean requests in
     * progress times window length divided by completed requests (at least 1). Unlike the
     * percentiles it counts requests that have not completed, so it rises as soon as a replica
     * stalls instead of when its slow responses finally complete.
     */
    public double littleLatencyMs() {
        return inFlight * windowMs / Math.max(1, sampleCount);
    }

    private static void requireNonNegative(String field, double value) {
        if (!(value >= 0.0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException("Invalid observation: " + field + " " + value
                    + " must be a finite number of at least 0");
        }
    }
}
