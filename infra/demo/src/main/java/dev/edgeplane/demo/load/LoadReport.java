package dev.edgeplane.demo.load;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.HdrHistogram.Histogram;

/** The buckets a {@link LoadGenerator} has closed, oldest first, and figures over spans of them. Immutable. */
public record LoadReport(List<LoadBucket> buckets) {

    public LoadReport {
        buckets = List.copyOf(buckets);
    }

    /**
     * Returns the response time at {@code percentile} (0 to 100), in milliseconds, over the buckets
     * that start in {@code [from, to)}; NaN when they hold no response.
     */
    public double percentileMs(Instant from, Instant to, double percentile) {
        Histogram merged = new Histogram(3);
        for (LoadBucket bucket : between(from, to)) {
            merged.add(bucket.responseTimes());
        }
        return merged.getTotalCount() == 0 ? Double.NaN : merged.getValueAtPercentile(percentile) / 1000.0;
    }

    /** Returns the requests sent to each endpoint over the buckets that start in {@code [from, to)}. */
    public Map<String, Long> sentPerEndpoint(Instant from, Instant to) {
        Map<String, Long> sent = new TreeMap<>();
        for (LoadBucket bucket : between(from, to)) {
            bucket.sentPerEndpoint().forEach((endpoint, count) -> sent.merge(endpoint, count, Long::sum));
        }
        return sent;
    }

    /** Returns the requests sent over the buckets that start in {@code [from, to)}. */
    public long sent(Instant from, Instant to) {
        return between(from, to).stream().mapToLong(LoadBucket::sent).sum();
    }

    /**
     * Returns the errors (error statuses, refused connections and timeouts) over the buckets that
     * start in {@code [from, to)}. They have no response time, so percentiles leave them out.
     */
    public long errors(Instant from, Instant to) {
        return between(from, to).stream().mapToLong(LoadBucket::errors).sum();
    }

    /** Returns the requests sent over all buckets. */
    public long totalSent() {
        return buckets.stream().mapToLong(LoadBucket::sent).sum();
    }

    /** Returns the errors over all buckets. */
    public long totalErrors() {
        return buckets.stream().mapToLong(LoadBucket::errors).sum();
    }

    private List<LoadBucket> between(Instant from, Instant to) {
        return buckets.stream().filter(b -> !b.start().isBefore(from) && b.start().isBefore(to)).toList();
    }
}
