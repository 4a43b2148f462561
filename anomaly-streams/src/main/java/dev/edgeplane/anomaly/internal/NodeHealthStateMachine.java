package dev.edgeplane.anomaly.internal;

import dev.edgeplane.anomaly.internal.NodeJudgement.Verdict;
import dev.edgeplane.anomaly.internal.state.NodeHealthMemory;
import dev.edgeplane.event.state.NodeHealthState;

/**
 * Hysteresis over judged windows, driven by event time only, so that a replay takes the same steps.
 *
 * <p>Judged windows overlap when panes are shorter than windows: one ends at every closed pane. So a
 * run of BAD (or GOOD) windows is counted in windows that do not overlap: the first window of a run
 * counts, and a later one counts when it starts ({@code end - windowSizeMs}) at or after the end of
 * the last counted one. A run of {@code n} counted windows thus spans at least {@code n} window sizes,
 * whatever the pane, and a state change still needs as much bad or good telemetry as with tumbling
 * windows. Windows that do not count keep the state they found.
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
    private final long windowSizeMs;

    public NodeHealthStateMachine(int degradeWindows, int recoverWindows, long windowSizeMs) {
        this.degradeWindows = degradeWindows;
        this.recoverWindows = recoverWindows;
        this.windowSizeMs = windowSizeMs;
    }

    /**
     * Returns whether a window ending at {@code windowEnd} extends a run of {@code count} windows whose
     * last counted one ended at {@code countedEnd}, without overlapping it.
     */
    public boolean counts(int count, long countedEnd, long windowEnd) {
        return count == 0 || windowEnd - windowSizeMs >= countedEnd;
    }

    /** Returns the memory after a window ending at {@code windowEnd}; {@code memory} is null for a new node. */
    public NodeHealthMemory next(NodeHealthMemory memory, Verdict verdict, long windowEnd) {
        NodeHealthState state = memory == null ? NodeHealthState.UNKNOWN : NodeHealthState.valueOf(memory.getWindowState());
        int bad = memory == null ? 0 : memory.getConsecutiveBad();
        int good = memory == null ? 0 : memory.getConsecutiveGood();
        long badEnd = memory == null ? 0 : memory.getBadCountedEnd();
        long goodEnd = memory == null ? 0 : memory.getGoodCountedEnd();
        long since = memory == null ? windowEnd : memory.getSince();

        NodeHealthState next = state;
        switch (verdict) {
            case INCOMPLETE -> {
            }
            case BAD -> {
                if (counts(bad, badEnd, windowEnd)) {
                    bad++;
                    badEnd = windowEnd;
                }
                good = 0;
                if (state == NodeHealthState.RECOVERING) {
                    next = NodeHealthState.DEGRADED;
                } else if (state != NodeHealthState.DEGRADED) {
                    next = bad >= degradeWindows ? NodeHealthState.DEGRADED : NodeHealthState.SUSPECT;
                }
            }
            case GOOD -> {
                if (counts(good, goodEnd, windowEnd)) {
                    good++;
                    goodEnd = windowEnd;
                }
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
                .setBadCountedEnd(badEnd)
                .setGoodCountedEnd(goodEnd)
                .setLastWindowEnd(windowEnd)
                .setPublishedState(published)
                .setPublishedPrevious(memory == null ? NodeHealthState.UNKNOWN.name() : memory.getPublishedPrevious())
                .setPublishedSince(publishedSince)
                .build();
    }
}
