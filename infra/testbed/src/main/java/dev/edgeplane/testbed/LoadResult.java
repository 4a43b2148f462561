package dev.edgeplane.testbed;

import java.util.Map;

/**
 * What a request client measured: requests answered by each replica, failed requests, and
 * response times at the client over the answered requests, in microseconds (nearest rank).
 */
public record LoadResult(Map<String, Long> requestsByEndpoint, long errors, long meanMicros, long p50Micros,
        long p90Micros, long p99Micros, long maxMicros, long elapsedMs) {

    public LoadResult {
        requestsByEndpoint = Map.copyOf(requestsByEndpoint);
    }

    /** Returns the answered requests. */
    public long answered() {
        return requestsByEndpoint.values().stream().mapToLong(Long::longValue).sum();
    }

    /** Returns the share of answered requests that {@code endpoint} received, 0 to 1. */
    public double share(String endpoint) {
        long answered = answered();
        return answered == 0 ? 0.0 : requestsByEndpoint.getOrDefault(endpoint, 0L) / (double) answered;
    }
}
