package dev.edgeplane.anomaly.internal;

import dev.edgeplane.anomaly.internal.state.NodeWindow;

/**
 * A node pane that closed, with its bounds in milliseconds since the epoch: start inclusive, end
 * exclusive.
 */
public record ClosedNodePane(long start, long end, NodeWindow window) {
}
