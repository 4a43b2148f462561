package dev.edgeplane.ingest.gateway.internal;

import java.util.Map;

/**
 * One series of a remote-write request: its labels, {@code __name__} included, and its samples.
 *
 * @param labels     label names to values
 * @param values     sample values
 * @param timestamps sample timestamps in milliseconds since the Unix epoch, one per value
 */
public record TimeSeries(Map<String, String> labels, double[] values, long[] timestamps) {

    /** Returns the metric name, the {@code __name__} label, or an empty string. */
    public String name() {
        return labels.getOrDefault("__name__", "");
    }
}
