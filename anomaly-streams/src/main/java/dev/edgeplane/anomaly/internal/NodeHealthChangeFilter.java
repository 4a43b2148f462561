package dev.edgeplane.anomaly.internal;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import dev.edgeplane.event.common.Evidence;
import dev.edgeplane.event.state.NodeHealth;

/**
 * Decides which NodeHealth records node health sends. A record passes when it differs from the
 * node's last passed record in anything but the window bounds, or when its window ends at least
 * {@code heartbeatMs} after the last passed one's. The fields compared are the state, previous
 * state, since, grace, window counts, vantage points, reasons, and each evidence's metric, value,
 * threshold and vantage point. Values within a relative 1e-9 count as equal.
 *
 * <p>With panes shorter than windows a node is judged every pane, and a healthy node's records
 * would differ in their window bounds only. Readers of the compacted node-health topic act on the
 * latest record per node, so such records add nothing but load until the heartbeat shows that the
 * node is still judged. The last passed records are kept in memory only, so after a restart each
 * node's first record passes. One instance per node-health task, on its stream thread.
 */
final class NodeHealthChangeFilter {

    private static final double VALUE_TOLERANCE = 1e-9;

    private final long heartbeatMs;
    private final Map<String, NodeHealth> lastPassed = new HashMap<>();

    /** @param heartbeatMs event time after which a record passes even when nothing changed; 0 passes every record */
    NodeHealthChangeFilter(long heartbeatMs) {
        this.heartbeatMs = heartbeatMs;
    }

    /** Returns whether {@code record} is to be sent, and remembers it as the node's last record if so. */
    boolean passes(NodeHealth record) {
        NodeHealth last = lastPassed.get(record.getNode());
        boolean passes = last == null || !sameContent(last, record)
                || record.getWindowEnd().toEpochMilli() - last.getWindowEnd().toEpochMilli() >= heartbeatMs;
        if (passes) {
            lastPassed.put(record.getNode(), record);
        }
        return passes;
    }

    /** Forgets every node's last record, so that each node's next record passes. */
    void clear() {
        lastPassed.clear();
    }

    private static boolean sameContent(NodeHealth a, NodeHealth b) {
        return a.getState() == b.getState()
                && a.getPreviousState() == b.getPreviousState()
                && a.getSince().equals(b.getSince())
                && a.getWindowGraceMs() == b.getWindowGraceMs()
                && a.getConsecutiveBadWindows() == b.getConsecutiveBadWindows()
                && a.getConsecutiveGoodWindows() == b.getConsecutiveGoodWindows()
                && a.getVantagePoints() == b.getVantagePoints()
                && a.getReasons().equals(b.getReasons())
                && sameEvidence(a.getEvidence(), b.getEvidence());
    }

    /** Compares evidence without its window bounds, which move with every judged window. */
    private static boolean sameEvidence(List<Evidence> a, List<Evidence> b) {
        if (a.size() != b.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            Evidence x = a.get(i);
            Evidence y = b.get(i);
            if (!x.getMetric().equals(y.getMetric()) || !sameValue(x.getValue(), y.getValue())
                    || !Objects.equals(x.getThreshold(), y.getThreshold())
                    || !Objects.equals(x.getVantagePoint(), y.getVantagePoint())) {
                return false;
            }
        }
        return true;
    }

    /**
     * Compares two window aggregates within a relative 1e-9: a mean over a window of identical samples
     * differs from the sample in its last bits with the number of samples summed, and that is no change.
     */
    private static boolean sameValue(double a, double b) {
        return Math.abs(a - b) <= VALUE_TOLERANCE * Math.max(Math.abs(a), Math.abs(b));
    }
}
