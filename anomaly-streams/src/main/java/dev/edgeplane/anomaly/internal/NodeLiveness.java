package dev.edgeplane.anomaly.internal;

import java.util.HashMap;
import java.util.Map;

import dev.edgeplane.anomaly.internal.state.NodeHealthMemory;
import dev.edgeplane.anomaly.internal.state.VantageProbe;
import dev.edgeplane.event.state.NodeHealthState;

/**
 * Wall-clock view of one node: when its own metrics last arrived and what each vantage point's
 * latest probe burst showed. It judges silence by the wall clock, which a replay cannot reproduce,
 * so it never feeds the event-time state that decisions rest on.
 *
 * <p>The silence verdict, the probes behind it and the count of good windows since a return are
 * written to the node health store whenever they change ({@link #writeTo}), so that a restart keeps
 * an UNREACHABLE node UNREACHABLE. The time of the latest metrics of a node that is not silent stays
 * in memory only, because writing it would cost a store write per record. After a restart such a
 * node counts as heard from at start-up. Used by one stream thread only.
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
    /** End of the last good window counted in {@link #goodWindowsSinceReturn}, in milliseconds since the epoch. */
    long returnCountedEnd;

    /** True when a probe arrived while the node was silent and the store does not hold it yet. */
    boolean probesUnsaved;

    NodeLiveness(long nowWallMs) {
        this.lastMetricsWallMs = nowWallMs;
    }

    /** Returns the liveness kept in {@code memory}, for a node read back from the store at {@code nowWallMs}. */
    static NodeLiveness restore(NodeHealthMemory memory, long nowWallMs) {
        NodeLiveness live = new NodeLiveness(nowWallMs);
        live.returning = memory.getReturning();
        live.goodWindowsSinceReturn = memory.getGoodWindowsSinceReturn();
        live.returnCountedEnd = memory.getReturnCountedEnd();
        if (memory.getSilentState() != null) {
            live.silentState = NodeHealthState.valueOf(memory.getSilentState());
            if (memory.getLastMetricsWallMs() != null) {
                live.lastMetricsWallMs = memory.getLastMetricsWallMs();
            }
            memory.getSilentProbes().forEach((vantagePoint, probe) -> live.probes.put(vantagePoint,
                    new Probe(probe.getReceivedWallMs(), probe.getLossRatio())));
        }
        return live;
    }

    /** Records a probe burst of {@code vantagePoint} processed at {@code nowWallMs}. */
    void probe(String vantagePoint, long nowWallMs, double lossRatio) {
        probes.put(vantagePoint, new Probe(nowWallMs, lossRatio));
        probesUnsaved |= silentState != null;
    }

    /**
     * Writes this liveness into {@code memory}, changed in place, and returns it; the probes and the
     * metrics time only while silent.
     */
    NodeHealthMemory writeTo(NodeHealthMemory memory) {
        Map<String, VantageProbe> saved = new HashMap<>();
        if (silentState != null) {
            probes.forEach((vantagePoint, probe) -> saved.put(vantagePoint,
                    new VantageProbe(probe.receivedWallMs(), probe.lossRatio())));
        }
        probesUnsaved = false;
        memory.setSilentState(silentState == null ? null : silentState.name());
        memory.setLastMetricsWallMs(silentState == null ? null : lastMetricsWallMs);
        memory.setSilentProbes(saved);
        memory.setReturning(returning);
        memory.setGoodWindowsSinceReturn(goodWindowsSinceReturn);
        memory.setReturnCountedEnd(returnCountedEnd);
        return memory;
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
