package dev.edgeplane.anomaly.internal;

/**
 * A tumbling window (or node pane) that closed, keyed by its node or pod in the record that carries
 * it, with its bounds in milliseconds since the epoch: start inclusive, end exclusive.
 *
 * @param <A> the aggregate type, {@code NodeWindow} or {@code ReplicaWindow}
 */
public record ClosedWindow<A>(long start, long end, A aggregate) {
}
