package dev.edgeplane.testbed;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Measurements of one request client: successful responses per replica, failed requests,
 * response times at the client over the successful requests, in microseconds (nearest rank), and
 * which replica each successful request reached and when its connection was opened.
 */
public record LoadResult(Map<String, Long> requestsByEndpoint, long errors, long meanMicros, long p50Micros,
        long p90Micros, long p99Micros, long maxMicros, long elapsedMs, List<Pick> picks) {

    /** One successful request: the wall-clock time its connection was opened, in ms, and the replica it reached. */
    public record Pick(long timeMs, String endpoint) {
    }

    public LoadResult {
        requestsByEndpoint = Map.copyOf(requestsByEndpoint);
        picks = List.copyOf(picks);
    }

    /** Returns the requests that got a successful response. */
    public long completed() {
        return requestsByEndpoint.values().stream().mapToLong(Long::longValue).sum();
    }

    /** Returns the share of completed requests that {@code endpoint} received, 0 to 1. */
    public double share(String endpoint) {
        long completed = completed();
        return completed == 0 ? 0.0 : requestsByEndpoint.getOrDefault(endpoint, 0L) / (double) completed;
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder();
        text.append(completed()).append(" completed, ").append(errors).append(" failed in ").append(elapsedMs)
                .append(" ms; shares");
        new TreeMap<>(requestsByEndpoint).keySet().forEach(endpoint -> text.append(' ').append(endpoint)
                .append(String.format(Locale.ROOT, " %.4f", share(endpoint))));
        text.append("; response time µs mean ").append(meanMicros).append(" p50 ").append(p50Micros).append(" p90 ")
                .append(p90Micros).append(" p99 ").append(p99Micros).append(" max ").append(maxMicros);
        return text.toString();
    }
}
