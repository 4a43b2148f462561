package dev.edgeplane.ingest.agent;

import java.time.Duration;
import java.util.Objects;

/**
 * Probe burst settings shared by every target of a cycle.
 *
 * @param count   probes per target and protocol
 * @param spacing pause between two probes to the same target
 * @param timeout time after which an probe without a reply counts as lost
 * @param threads threads that probe targets in parallel
 */
public record ProbeSettings(int count, Duration spacing, Duration timeout, int threads) {

    public ProbeSettings {
        Objects.requireNonNull(spacing, "spacing");
        Objects.requireNonNull(timeout, "timeout");
        if (count < 1) {
            throw new IllegalArgumentException("Invalid probe count " + count + ": it must be at least 1.");
        }
        if (threads < 1) {
            throw new IllegalArgumentException("Invalid probe thread count " + threads + ": it must be at least 1.");
        }
        if (spacing.isNegative() || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("Invalid probe spacing " + spacing + " or timeout " + timeout
                    + ": the spacing must not be negative and the timeout must be positive.");
        }
    }
}
