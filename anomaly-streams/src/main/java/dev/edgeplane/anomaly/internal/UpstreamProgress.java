package dev.edgeplane.anomaly.internal;

import java.util.Arrays;

/**
 * Progress markers of every node-health partition as one placement advice task has read them, and
 * the watermark derived from them: the window end through which every partition that still counts
 * has sent all its verdicts. Placement advice resolves a window once the watermark reaches its end.
 *
 * <p>A partition that has sent nothing yet delays the watermark with no time limit, because its
 * node-health task announces itself within {@code advice.wait.ms} of starting (see
 * {@link ProgressMarkers}). Two kinds of partition stop counting, so that they cannot hold every
 * window back forever:
 * <ul>
 *   <li>idle: its task announced that it processed no record since it started (few nodes, many
 *       partitions);</li>
 *   <li>stale: its marker is behind another partition's and has not moved for
 *       {@code advice.wait.ms} of wall-clock time, such as a partition whose only nodes went
 *       silent.</li>
 * </ul>
 * A partition counts again as soon as its marker moves. While every partition moves, each marker
 * moves once per verdict step, so the wait must be several steps long or a partition that is merely
 * one step behind turns stale. Markers are persisted by the caller; the wall-clock times start again
 * at construction. Not thread-safe: one instance per task, on its stream thread.
 */
final class UpstreamProgress {

    /** Watermark while no window can be resolved, and the marker of a task that emitted no window yet. */
    static final long NONE = Long.MIN_VALUE;

    private final long waitMs;
    private final boolean[] reported;
    private final boolean[] idle;
    private final long[] completeThrough;
    private final long[] movedMs;

    UpstreamProgress(int partitions, long waitMs) {
        if (partitions < 1) {
            throw new IllegalArgumentException("A node telemetry topic has " + partitions
                    + " partitions; placement advice needs at least 1.");
        }
        this.waitMs = waitMs;
        this.reported = new boolean[partitions];
        this.idle = new boolean[partitions];
        this.completeThrough = new long[partitions];
        this.movedMs = new long[partitions];
        Arrays.fill(completeThrough, NONE);
    }

    int partitions() {
        return completeThrough.length;
    }

    /** Returns the marker of {@code partition}, or {@link #NONE}. */
    long completeThrough(int partition) {
        return completeThrough[partition];
    }

    boolean idle(int partition) {
        return idle[partition];
    }

    /**
     * Records a marker at wall-clock time {@code nowMs}; returns whether it changed the partition's
     * progress. An older marker, such as one sent again after its task restarted, changes nothing.
     */
    boolean update(int partition, long windowEnd, boolean idleTask, long nowMs) {
        boolean first = !reported[partition];
        reported[partition] = true;
        if (idleTask) {
            boolean changed = !idle[partition];
            idle[partition] = completeThrough[partition] == NONE;
            return changed || first;
        }
        boolean wasIdle = idle[partition];
        idle[partition] = false;
        if (windowEnd > completeThrough[partition] || first) {
            completeThrough[partition] = Math.max(windowEnd, completeThrough[partition]);
            movedMs[partition] = nowMs;
            return true;
        }
        return wasIdle;
    }

    /** Returns the watermark at wall-clock time {@code nowMs}, or {@link #NONE}. */
    long watermark(long nowMs) {
        long ahead = Arrays.stream(completeThrough).max().orElse(NONE);
        long watermark = Long.MAX_VALUE;
        boolean counted = false;
        for (int p = 0; p < completeThrough.length; p++) {
            if (counts(p, nowMs, ahead)) {
                watermark = Math.min(watermark, completeThrough[p]);
                counted = true;
            }
        }
        return counted ? watermark : NONE;
    }

    /** Returns whether {@code partition} delays the watermark at {@code nowMs}. */
    boolean counts(int partition, long nowMs) {
        return counts(partition, nowMs, Arrays.stream(completeThrough).max().orElse(NONE));
    }

    private boolean counts(int p, long nowMs, long ahead) {
        if (!reported[p]) {
            return true;
        }
        if (idle[p]) {
            return false;
        }
        boolean stale = completeThrough[p] < ahead && nowMs - movedMs[p] >= waitMs;
        return !stale;
    }
}
