package dev.edgeplane.anomaly.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import dev.edgeplane.anomaly.AnomalyConfig;
import dev.edgeplane.anomaly.internal.DependencyRoundTrips.Dependencies;
import dev.edgeplane.anomaly.internal.state.BetterStreak;
import dev.edgeplane.anomaly.internal.state.NodeVerdict;
import dev.edgeplane.anomaly.internal.state.NodeView;
import dev.edgeplane.event.cluster.PodPlacement;
import dev.edgeplane.event.state.NodeHealthState;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The rules of placement advice over one resolved location window: DegradedNode for the critical
 * pods of a DEGRADED node, and BetterNode runs per pair of nodes, kept in the BetterNode store.
 *
 * <p>BetterNode compares the pods whose FogService declares no dependencies, or has no spec in the
 * FogService table, on the node score alone, in one run per pair of nodes. The pods of a FogService
 * with dependencies are compared on their pod score ({@link BetterNodeScores}) in a run per pair of
 * nodes and FogService, because the round-trip times to the dependencies differ by FogService.
 * Used by {@link PlacementAdvisor} on its stream thread only.
 */
final class WindowComparison {

    private final AnomalyConfig config;
    private final DecisionFactory decisions;
    private final DecisionEmitter emitter;
    private final KeyValueStore<String, BetterStreak> streaks;
    private final DependencyRoundTrips roundTrips;

    WindowComparison(AnomalyConfig config, DecisionEmitter emitter, KeyValueStore<String, BetterStreak> streaks,
            DependencyRoundTrips roundTrips) {
        this.config = config;
        this.decisions = new DecisionFactory(config);
        this.emitter = emitter;
        this.streaks = streaks;
        this.roundTrips = roundTrips;
    }

    /**
     * Compares the verdicts of the window ending at {@code windowEnd} and writes the decisions they call for.
     *
     * @param livePods the live FogService pods of the location, in pod uid order
     */
    void resolveWindow(String location, Map<String, NodeView> views, long windowEnd, List<PodPlacement> livePods) {
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

        Map<String, List<PodPlacement>> podsByNode = new HashMap<>();
        for (PodPlacement pod : livePods) {
            podsByNode.computeIfAbsent(pod.getNode(), node -> new ArrayList<>()).add(pod);
        }
        // Read once per window: the pods of one FogService often run on several nodes of the location.
        Map<String, Dependencies> services = new HashMap<>();
        for (NodeVerdict from : atWindow.values()) {
            List<PodPlacement> plain = new ArrayList<>();
            Map<String, List<PodPlacement>> dependent = new TreeMap<>();
            for (PodPlacement pod : podsByNode.getOrDefault(from.getNode(), List.of())) {
                Dependencies dependencies = services.computeIfAbsent(pod.getNamespace() + "/" + pod.getFogService(),
                        key -> roundTrips.of(pod.getNamespace(), pod.getFogService()));
                if (dependencies.list().isEmpty()) {
                    plain.add(pod);
                } else {
                    dependent.computeIfAbsent(dependencies.key(), key -> new ArrayList<>()).add(pod);
                }
            }
            compareWithPeers(location, from, atWindow, cordoned, null, plain, services);
            dependent.forEach((service, pods) ->
                    compareWithPeers(location, from, atWindow, cordoned, services.get(service), pods, services));
        }
    }

    /**
     * Moves the runs of every candidate over {@code from} for {@code pods}, which share {@code dependencies}
     * (null: compared on the node score), and decides for them once a run has lasted the hold.
     */
    private void compareWithPeers(String location, NodeVerdict from, Map<String, NodeVerdict> atWindow,
            Map<String, Boolean> cordoned, Dependencies dependencies, List<PodPlacement> pods,
            Map<String, Dependencies> services) {
        NodeVerdict chosen = null;
        BetterNodeScores chosenScores = null;
        long chosenSince = 0;
        List<BetterStreak> reached = new ArrayList<>();
        List<String> reachedKeys = new ArrayList<>();
        for (NodeVerdict candidate : atWindow.values()) {
            if (candidate.getNode().equals(from.getNode())) {
                continue;
            }
            String pair = from.getNode() + "/" + candidate.getNode();
            // NOTE: the run of a FogService whose pods have all left the node stays in the store until the
            // pair meets again with pods of that FogService, which restarts it.
            String key = LocationKeys.key(location, dependencies == null ? pair : pair + "/" + dependencies.key());
            BetterNodeScores scores = dependencies == null
                    ? BetterNodeScores.nodeOnly(from, candidate)
                    : BetterNodeScores.withDependencies(from, candidate, dependencies, atWindow,
                            config.rttReferenceMicros());
            boolean better = !cordoned.get(candidate.getNode()) && candidate.getInventoryKnown()
                    && NodeHealthState.HEALTHY.name().equals(candidate.getState())
                    && scores.candidateBetter(config.betterMarginPoints());
            BetterStreak streak = updateStreak(key, candidate, better, scores);
            if (streak == null || streak.getDecided()
                    || streak.getLastWindowEnd() - streak.getSinceWindowStart() < config.betterHold().toMillis()) {
                continue;
            }
            reached.add(streak);
            reachedKeys.add(key);
            if (chosen == null || scores.candidateScore() > chosenScores.candidateScore()) {
                chosen = candidate;
                chosenScores = scores;
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
        for (PodPlacement pod : pods) {
            Dependencies own = services.get(pod.getNamespace() + "/" + pod.getFogService());
            List<String> podMissing = own.specKnown() ? List.of()
                    : List.of(DecisionFactory.dependenciesUnknown(pod.getNamespace(), pod.getFogService()));
            emitter.better(pod, from, chosen, chosenSince, chosenScores, podMissing, decisions);
        }
    }

    /** Extends, starts or ends the run of {@code candidate} over the pod's node; returns it, or null when ended. */
    private BetterStreak updateStreak(String key, NodeVerdict candidate, boolean better, BetterNodeScores scores) {
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
        streak.setFromScore(scores.fromScore());
        streak.setCandidateScore(scores.candidateScore());
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
