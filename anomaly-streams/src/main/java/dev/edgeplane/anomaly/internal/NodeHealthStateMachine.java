package dev.edgeplane.anomaly.internal;

import dev.edgeplane.anomaly.internal.NodeJudgement.Verdict;
import dev.edgeplane.anomaly.internal.state.NodeHealthMemory;
import dev.edgeplane.event.state.NodeHealthState;

/**
 * Hysteresis over closed windows, driven by event time only, so that a replay takes the same steps.
 *
 * <p>From HEALTHY (or before the first judged window) a BAD window leads to SUSPECT, and the
 * {@code degradeWindows}-th consecutive BAD window to DEGRADED. A GOOD window turns SUSPECT back to
 * HEALTHY at once, because SUSPECT yields no decision. From DEGRADED a GOOD window leads to
 * RECOVERING and the {@code recoverWindows}-th consecutive GOOD window to HEALTHY; a BAD window while
 * RECOVERING returns to DEGRADED within the same episode, keeping its {@code since}, so that a
 * flapping node does not start a new episode and new decisions on every relapse. An INCOMPLETE window
 * holds state and counters. UNREACHABLE is never set here: silence is judged by wall-clock time in
 * {@link NodeHealthProcessor}. Stateless.
 */
public final class NodeHealthStateMachine {

    private final int degradeWindows;
    private final int recoverWindows;

    public NodeHealthStateMachine(int degradeWindows, int recoverWindows) {
        this.degradeWindows = degradeWindows;
        this.recoverWindows = recoverWindows;
    }

    /** Returns the memory after a window ending at {@code windowEnd}; {@code memory} is null for a new node. */
    public NodeHealthMemory next(NodeHealthMemory memory, Verdict verdict, long windowEnd) {
        NodeHealthState state = memory == null ? NodeHealthState.UNKNOWN : NodeHealthState.valueOf(memory.getWindowState());
        int bad = memory == null ? 0 : memory.getConsecutiveBad();
        int good = memory == null ? 0 : memory.getConsecutiveGood();
        long since = memory == null ? windowEnd : memory.getSince();

        NodeHealthState next = state;
        switch (verdict) {
            case INCOMPLETE -> {
            }
            case BAD -> {
                bad++;
                good = 0;
                if (state == NodeHealthState.RECOVERING) {
                    next = NodeHealthState.DEGRADED;
                } else if (state != NodeHealthState.DEGRADED) {
                    next = bad >= degradeWindows ? NodeHealthState.DEGRADED : NodeHealthState.SUSPECT;
                }
            }
            case GOOD -> {
                good++;
                bad = 0;
                if (state == NodeHealthState.DEGRADED || state == NodeHealthState.RECOVERING) {
                    next = good >= recoverWindows ? NodeHealthState.HEALTHY : NodeHealthState.RECOVERING;
                } else {
                    next = NodeHealthState.HEALTHY;
                }
            }
        }

        boolean sameEpisode = state == NodeHealthState.RECOVERING && next == NodeHealthState.DEGRADED
                || state == NodeHealthState.DEGRADED && next == NodeHealthState.RECOVERING;
        if (next != state && !sameEpisode) {
            since = windowEnd;
        }
        String published = memory == null ? NodeHealthState.UNKNOWN.name() : memory.getPublishedState();
        long publishedSince = memory == null ? windowEnd : memory.getPublishedSince();
        return NodeHealthMemory.newBuilder()
                .setWindowState(next.name())
                .setSince(since)
                .setConsecutiveBad(bad)
                .setConsecutiveGood(good)
                .setLastWindowEnd(windowEnd)
                .setPublishedState(published)
                .setPublishedPrevious(memory == null ? NodeHealthState.UNKNOWN.name() : memory.getPublishedPrevious())
                .setPublishedSince(publishedSince)
                .build();
    }
}
