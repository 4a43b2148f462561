package dev.edgeplane.demo.report;

import java.time.Instant;
import java.util.Objects;

/**
 * The fault a run injected: the node, when the fault started and when it was removed.
 *
 * @param node node the fault was injected on
 * @param start when the fault started
 * @param end when the fault was removed; null while it lasts
 */
public record FaultWindow(String node, Instant start, Instant end) {

    public FaultWindow {
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(start, "start");
        if (end != null && end.isBefore(start)) {
            throw new IllegalArgumentException("Invalid fault window on node " + node + ": end " + end
                    + " is before start " + start);
        }
    }
}
