package dev.edgeplane.anomaly.internal;

import java.util.HashMap;
import java.util.Map;

import dev.edgeplane.event.state.NodeHealthState;

/**
 * Wall-clock view of one node: when its own metrics last arrived and what each vantage point's
 * latest probe burst showed. Kept in memory only, on purpose: it judges silence by the wall clock,
 * which a restart or a replay cannot reproduce, so it must not feed the event-time state that
 * decisions rest on. After a restart every known node counts as heard from at start-up. Used by one
 * stream thread only.
 */
final class NodeLiveness {

    /** Latest probe burst of one vantage point. */
    record Probe(long receivedWallMs, double lossRatio) {
    }

    long lastMetricsWallMs;
    final Map<String, Probe> probes = new HashMap<>();

    /** UNREACHABLE or SUSPECT while the node is silent; null while its metrics arrive. */
    NodeHealthState silentState;

    /** True from the return of a silent node until it has had enough good windows. */
    boolean returning;
    int goodWindowsSinceReturn;

    NodeLiveness(long nowWallMs) {
        this.lastMetricsWallMs = nowWallMs;
    }

    /** Returns the vantage points whose latest burst, received within {@code freshMs}, lost at least {@code lossRatio}. */
    int failingVantagePoints(long nowWallMs, long freshMs, double lossRatio) {
        int failing = 0;
        for (Probe probe : probes.values()) {
            if (nowWallMs - probe.receivedWallMs() < freshMs && probe.lossRatio() >= lossRatio) {
                failing++;
            }
        }
        return failing;
    }

    /** Returns the vantage points with a burst received within {@code freshMs}. */
    int freshVantagePoints(long nowWallMs, long freshMs) {
        int fresh = 0;
        for (Probe probe : probes.values()) {
            if (nowWallMs - probe.receivedWallMs() < freshMs) {
                fresh++;
            }
        }
        return fresh;
    }
}
