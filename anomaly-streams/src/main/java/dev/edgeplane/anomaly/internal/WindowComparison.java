package dev.edgeplane.anomaly.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import dev.edgeplane.anomaly.AnomalyConfig;
import dev.edgeplane.anomaly.internal.state.BetterStreak;
import dev.edgeplane.anomaly.internal.state.NodeVerdict;
import dev.edgeplane.anomaly.internal.state.NodeView;
import dev.edgeplane.event.state.NodeHealthState;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The rules of placement advice over one resolved location window: DegradedNode for the critical
 * pods of a DEGRADED node, and BetterNode runs per pair of nodes, kept in the BetterNode store.
 * Used by {@link PlacementAdvisor} on its stream thread only.
 */
final class WindowComparison {

    private final AnomalyConfig config;
    private final DecisionFactory decisions;
    private final DecisionEmitter emitter;
    private final KeyValueStore<String, BetterStreak> streaks;

    WindowComparison(AnomalyConfig config, DecisionEmitter emitter, KeyValueStore<String, BetterStreak> streaks) {
        this.config = config;
        this.decisions = new DecisionFactory(config);
        this.emitter = emitter;
        this.streaks = streaks;
    }

    /** Compares the verdicts of the window ending at {@code windowEnd} and writes the decisions they call for. */
    void resolveWindow(String location, Map<String, NodeView> views, long windowEnd) {
        Map<String, NodeVerdict> atWindow = new TreeMap<>();
        Map<String, Boolean> cordoned = new TreeMap<>();
        views.forEach((node, view) -> {
            NodeVerdict verdict = at(view, windowEnd);
            if (verdict != null) {
                atWindow.put(node, verdict);
                cordoned.put(node, view.getUnschedulable());
            }
        });

        for (NodeVerdict verdict : atWindow.values()) {
            if (NodeHealthState.DEGRADED.name().equals(verdict.getState())) {
                NodeVerdict target = bestHealthy(atWindow, cordoned, verdict.getNode());
                emitter.degraded(location, verdict, target, decisions);
            }
        }
        for (NodeVerdict from : atWindow.values()) {
            compareWithPeers(location, from, atWindow, cordoned);
        }
    }

    private void compareWithPeers(String location, NodeVerdict from, Map<String, NodeVerdict> atWindow,
            Map<String, Boolean> cordoned) {
        NodeVerdict chosen = null;
        long chosenSince = 0;
        List<BetterStreak> reached = new ArrayList<>();
        List<String> reachedKeys = new ArrayList<>();
        for (NodeVerdict candidate : atWindow.values()) {
            if (candidate.getNode().equals(from.getNode())) {
                continue;
            }
            String key = LocationKeys.key(location, from.getNode() + "/" + candidate.getNode());
            BetterStreak streak = updateStreak(key, from, candidate, cordoned.get(candidate.getNode()));
            if (streak == null || streak.getDecided()
                    || streak.getLastWindowEnd() - streak.getSinceWindowStart() < config.betterHold().toMillis()) {
                continue;
            }
            reached.add(streak);
            reachedKeys.add(key);
            if (chosen == null || candidate.getScore() > chosen.getScore()) {
                chosen = candidate;
                chosenSince = streak.getSinceWindowStart();
            }
        }
        if (chosen == null) {
            return;
        }
        // One decision per pod and run: the other candidates that reached the hold are spent as well.
        for (int i = 0; i < reached.size(); i++) {
            reached.get(i).setDecided(true);
            streaks.put(reachedKeys.get(i), reached.get(i));
        }
        emitter.better(location, from, chosen, chosenSince, decisions);
    }

    /** Extends, starts or ends the run of {@code candidate} over {@code from}; returns it, or null when ended. */
    private BetterStreak updateStreak(String key, NodeVerdict from, NodeVerdict candidate, boolean candidateCordoned) {
        boolean better = !candidateCordoned && candidate.getInventoryKnown()
                && NodeHealthState.HEALTHY.name().equals(candidate.getState())
                && from.getScore() != null && candidate.getScore() != null
                && candidate.getScore() >= from.getScore() + config.betterMarginPoints();
        BetterStreak streak = streaks.get(key);
        if (!better) {
            if (streak != null) {
                streaks.delete(key);
            }
            return null;
        }
        // A run continues only from the verdict one step before; a gap starts it again.
        // With panes the candidate's judged windows overlap, so a run goes on while they leave no gap in event time.
        if (streak == null || candidate.getWindowStart() > streak.getLastWindowEnd()) {
            streak = new BetterStreak(candidate.getWindowStart(), candidate.getWindowEnd(), 0.0, 0.0, false);
        }
        streak.setLastWindowEnd(candidate.getWindowEnd());
        streak.setFromScore(from.getScore());
        streak.setCandidateScore(candidate.getScore());
        streaks.put(key, streak);
        return streak;
    }

    private static NodeVerdict bestHealthy(Map<String, NodeVerdict> atWindow, Map<String, Boolean> cordoned,
            String exclude) {
        NodeVerdict best = null;
        for (NodeVerdict candidate : atWindow.values()) {
            if (candidate.getNode().equals(exclude) || cordoned.get(candidate.getNode())
                    || !NodeHealthState.HEALTHY.name().equals(candidate.getState()) || candidate.getScore() == null) {
                continue;
            }
            if (best == null || candidate.getScore() > best.getScore()) {
                best = candidate;
            }
        }
        return best;
    }

    private static NodeVerdict at(NodeView view, long windowEnd) {
        for (NodeVerdict verdict : view.getHistory()) {
            if (verdict.getWindowEnd() == windowEnd) {
                return verdict;
            }
        }
        return null;
    }
}
