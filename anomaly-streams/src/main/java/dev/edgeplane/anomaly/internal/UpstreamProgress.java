package dev.edgeplane.anomaly.internal;

import java.util.Arrays;

/**
 * Progress markers of every node-health partition as one placement advice task has read them, and
 * the watermark derived from them: the window end through which every partition that still counts
 * has sent all its verdicts. Placement advice resolves a window once the watermark reaches its end.
 *
 * <p>Two kinds of partition stop counting, both judged on the wall clock with
 * {@code advice.wait.ms}, so that they cannot hold every window back forever:
 * <ul>
 *   <li>idle: it has sent no marker since this task started, for {@code advice.wait.ms}. A task of
 *       the node telemetry topics that receives no records (few nodes, many partitions) never
 *       sends one;</li>
 *   <li>stale: its marker has not moved for {@code advice.wait.ms}, while another partition's marker
 *       moved at least {@code advice.wait.ms} after it. Partitions that all stopped at about the
 *       same time, such as at the end of a replay, stay counted, so the last windows wait for more
 *       input instead of being resolved without the partitions that lag.</li>
 * </ul>
 * A partition counts again as soon as its marker moves. Markers and their order are persisted by
 * the caller; the wall-clock times start again at {@link #UpstreamProgress construction}. Not
 * thread-safe: one instance per task, on its stream thread.
 */
final class UpstreamProgress {

    /** Watermark while no window can be resolved. */
    static final long NONE = Long.MIN_VALUE;

    private final long waitMs;
    private final long startedMs;
    private final long[] completeThrough;
    private final long[] movedMs;

    UpstreamProgress(int partitions, long waitMs, long nowMs) {
        if (partitions < 1) {
            throw new IllegalArgumentException("A node telemetry topic has " + partitions
                    + " partitions; placement advice needs at least 1.");
        }
        this.waitMs = waitMs;
        this.startedMs = nowMs;
        this.completeThrough = new long[partitions];
        this.movedMs = new long[partitions];
        Arrays.fill(completeThrough, NONE);
        Arrays.fill(movedMs, nowMs);
    }

    int partitions() {
        return completeThrough.length;
    }

    /** Returns the marker of {@code partition}, or {@link #NONE} when it has sent none. */
    long completeThrough(int partition) {
        return completeThrough[partition];
    }

    /**
     * Records a marker; returns whether it moved the partition forward. An older marker, such as one
     * sent again after the sender restarted, changes nothing.
     */
    boolean update(int partition, long windowEnd, long nowMs) {
        if (windowEnd <= completeThrough[partition]) {
            return false;
        }
        completeThrough[partition] = windowEnd;
        movedMs[partition] = nowMs;
        return true;
    }

    /** Returns the watermark at wall-clock time {@code nowMs}, or {@link #NONE}. */
    long watermark(long nowMs) {
        long latestMove = Long.MIN_VALUE;
        for (long moved : movedMs) {
            latestMove = Math.max(latestMove, moved);
        }
        long watermark = Long.MAX_VALUE;
        boolean counted = false;
        for (int p = 0; p < completeThrough.length; p++) {
            if (counts(p, nowMs, latestMove)) {
                watermark = Math.min(watermark, completeThrough[p]);
                counted = true;
            }
        }
        return counted ? watermark : NONE;
    }

    /** Returns whether {@code partition} holds the watermark back at {@code nowMs}, for logging. */
    boolean counts(int partition, long nowMs) {
        long latestMove = Arrays.stream(movedMs).max().orElse(nowMs);
        return counts(partition, nowMs, latestMove);
    }

    private boolean counts(int p, long nowMs, long latestMove) {
        if (completeThrough[p] == NONE) {
            return nowMs - startedMs < waitMs;
        }
        boolean stale = nowMs - movedMs[p] >= waitMs && latestMove - movedMs[p] >= waitMs;
        return !stale;
    }
}
