package dev.edgeplane.testbed;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

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

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder();
        text.append(answered()).append(" answered, ").append(errors).append(" failed in ").append(elapsedMs)
                .append(" ms; shares");
        new TreeMap<>(requestsByEndpoint).keySet().forEach(endpoint -> text.append(' ').append(endpoint)
                .append(String.format(Locale.ROOT, " %.4f", share(endpoint))));
        text.append("; response time µs mean ").append(meanMicros).append(" p50 ").append(p50Micros).append(" p90 ")
                .append(p90Micros).append(" p99 ").append(p99Micros).append(" max ").append(maxMicros);
        return text.toString();
    }
}
