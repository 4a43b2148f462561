package dev.edgeplane.anomaly.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.edgeplane.anomaly.internal.DependencyRoundTrips.Dependencies;
import dev.edgeplane.anomaly.internal.DependencyRoundTrips.Dependency;
import dev.edgeplane.anomaly.internal.DependencyRoundTrips.Nearest;
import dev.edgeplane.anomaly.internal.state.NodeVerdict;

/**
 * The scores that BetterNode compares for the pods of one FogService on their node ({@code from})
 * and on a candidate node, in one window.
 *
 * <p>Model: without dependencies the pod score is the node score (users' latency and headroom, see
 * {@link NodeJudgement}). With dependencies it is {@code (2 * nodeScore + dependencyScore) / 3}, where
 * {@code dependencyScore = 100 * mean(r / (r + rtt))} over the counted dependencies, with r the
 * reference round-trip time of the node score and rtt the time to the dependency's nearest node.
 * A dependency counts only when both nodes have a measured time to it, so both scores rest on the
 * same dependencies. The others are listed in {@link #missing}. A candidate whose time to a counted
 * dependency is above the dependency's {@code maxRoundTripMicros} is never better, because the
 * scheduler's dependency filter would not place the pod there.
 *
 * @param fromScore pod score on the pod's node, from 0 to 100; null without node metrics
 * @param candidateScore pod score on the candidate, from 0 to 100; null without node metrics
 * @param counted dependencies that entered both scores, in the order of the FogService's spec
 * @param missing inputs left out of the scores, one phrase each
 * @param candidateBreaksBound true when the candidate is above the bound of a counted dependency
 */
record BetterNodeScores(Double fromScore, Double candidateScore, List<Counted> counted, List<String> missing,
        boolean candidateBreaksBound) {

    private static final int NAMED_NODES = 5;

    /** A dependency that entered both scores, with the nearest node of it from each node. */
    record Counted(Dependency dependency, Nearest from, Nearest candidate) {
    }

    /** Returns the node scores of {@code from} and {@code candidate}, for pods without dependencies. */
    static BetterNodeScores nodeOnly(NodeVerdict from, NodeVerdict candidate) {
        return new BetterNodeScores(from.getScore(), candidate.getScore(), List.of(), List.of(), false);
    }

    /** Returns the pod scores of {@code from} and {@code candidate} for a FogService with dependencies. */
    static BetterNodeScores withDependencies(NodeVerdict from, NodeVerdict candidate, Dependencies dependencies,
            Map<String, NodeVerdict> atWindow, double rttReferenceMicros) {
        List<Counted> counted = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        boolean breaksBound = false;
        for (Dependency dependency : dependencies.list()) {
            String name = dependencies.namespace() + "/" + dependency.fogService();
            if (dependency.nodes().isEmpty()) {
                missing.add("pods of FogService " + name + ", a dependency of " + dependencies.key()
                        + ": none is running, so BetterNode compares without it");
                continue;
            }
            Nearest fromNearest = DependencyRoundTrips.nearest(from.getNode(), dependency, atWindow);
            Nearest candidateNearest = DependencyRoundTrips.nearest(candidate.getNode(), dependency, atWindow);
            if (fromNearest == null) {
                missing.add(unmeasured(from, name, dependency));
            }
            if (candidateNearest == null) {
                missing.add(unmeasured(candidate, name, dependency));
            }
            if (fromNearest != null && candidateNearest != null) {
                counted.add(new Counted(dependency, fromNearest, candidateNearest));
                breaksBound |= candidateNearest.rttMicros() > dependency.maxRoundTripMicros();
            }
        }
        Double fromScore = podScore(from.getScore(), counted, true, rttReferenceMicros);
        Double candidateScore = podScore(candidate.getScore(), counted, false, rttReferenceMicros);
        return new BetterNodeScores(fromScore, candidateScore, List.copyOf(counted), List.copyOf(missing), breaksBound);
    }

    /** Returns whether the candidate scores at least {@code marginPoints} higher and keeps every counted bound. */
    boolean candidateBetter(double marginPoints) {
        return fromScore != null && candidateScore != null && !candidateBreaksBound
                && candidateScore >= fromScore + marginPoints;
    }

    private static Double podScore(Double nodeScore, List<Counted> counted, boolean ofFrom, double reference) {
        if (nodeScore == null || counted.isEmpty()) {
            return nodeScore;
        }
        double sum = 0;
        for (Counted dependency : counted) {
            double rtt = (ofFrom ? dependency.from() : dependency.candidate()).rttMicros();
            sum += reference / (reference + rtt);
        }
        double dependencyScore = 100.0 * sum / counted.size();
        return (2.0 * nodeScore + dependencyScore) / 3.0;
    }

    private static String unmeasured(NodeVerdict node, String name, Dependency dependency) {
        return "round-trip time from node " + node.getNode() + " to FogService " + name + " (on nodes "
                + nodeNames(dependency) + "): no probe between them was answered in the window ending "
                + node.getWindowEnd() + ", so BetterNode compares without it";
    }

    /** Returns the first node names of a dependency, so that a FogService with many pods keeps the phrase short. */
    private static String nodeNames(Dependency dependency) {
        List<String> names = dependency.nodes().stream().limit(NAMED_NODES).toList();
        int more = dependency.nodes().size() - names.size();
        return String.join(", ", names) + (more > 0 ? " and " + more + " more" : "");
    }
}
