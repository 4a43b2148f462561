package dev.edgeplane.anomaly.internal;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.edgeplane.anomaly.AnomalyConfig;
import dev.edgeplane.anomaly.internal.state.NodeVerdict;
import dev.edgeplane.event.audit.ActionAudit;
import dev.edgeplane.event.audit.ActionKind;
import dev.edgeplane.event.audit.ActionOutcome;
import dev.edgeplane.event.cluster.PodPlacement;
import dev.edgeplane.event.common.Evidence;
import dev.edgeplane.event.decision.RescheduleDecision;
import dev.edgeplane.event.decision.RescheduleStrategy;
import dev.edgeplane.schemas.catalog.TopicCatalog;

/**
 * Builds reschedule decisions and the audit records of withheld ones. Ids are name-based UUIDs
 * (version 3) of the pod uid, the strategy, the node the pod leaves and the episode start, all taken
 * from the input events, so a replay of the same input yields the same ids. Stateless.
 */
public final class DecisionFactory {

    /** Actor name in audit records. */
    public static final String ACTOR = "edgeplane-anomaly";

    private final AnomalyConfig config;

    public DecisionFactory(AnomalyConfig config) {
        this.config = config;
    }

    /** Returns the deterministic id of a decision. */
    public static String decisionId(String podUid, RescheduleStrategy strategy, String fromNode, long episodeStartMs) {
        String name = "edgeplane-anomaly|" + podUid + "|" + strategy.name() + "|" + fromNode + "|" + episodeStartMs;
        return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString();
    }

    /** Builds a DegradedNode decision for {@code pod} on the node of {@code from}; {@code target} may be null. */
    public RescheduleDecision degraded(PodPlacement pod, NodeVerdict from, NodeVerdict target, List<String> missing) {
        List<Evidence> evidence = evidenceOf(from);
        return RescheduleDecision.newBuilder()
                .setDecisionId(decisionId(pod.getPodUid(), RescheduleStrategy.DEGRADED_NODE, from.getNode(), from.getSince()))
                .setDecidedTime(Instant.ofEpochMilli(from.getWindowEnd()))
                .setNamespace(pod.getNamespace())
                .setPod(pod.getPod())
                .setPodUid(pod.getPodUid())
                .setFogService(pod.getFogService())
                .setFromNode(from.getNode())
                .setStrategy(RescheduleStrategy.DEGRADED_NODE)
                .setPredictedTarget(target == null ? null : target.getNode())
                .setCurrentScore(from.getScore())
                .setPredictedScore(target == null ? null : target.getScore())
                .setEvidence(evidence)
                .setMissingInputs(missing)
                .build();
    }

    /**
     * Returns the missing input of a BetterNode decision for a pod whose FogService has no record in the
     * FogService table, so that its dependencies are unknown.
     */
    public static String dependenciesUnknown(String namespace, String fogService) {
        return "dependencies of FogService " + namespace + "/" + fogService + " (no record on "
                + TopicCatalog.FOGSERVICES.name() + "), so BetterNode compared the node scores only";
    }

    /**
     * Builds a BetterNode decision for {@code pod}, whose run of better windows started at {@code sinceMs}.
     * Its scores are the pod scores of {@code scores}, which are the node scores when no dependency counted.
     */
    RescheduleDecision better(PodPlacement pod, NodeVerdict from, NodeVerdict candidate, long sinceMs,
            BetterNodeScores scores, List<String> missing) {
        boolean podScored = !scores.counted().isEmpty();
        Double nodeThreshold = podScored ? null : from.getScore() + config.betterMarginPoints();
        List<Evidence> evidence = new ArrayList<>();
        evidence.add(evidence("node.score.points", from.getScore(), null, from.getNode(), from));
        evidence.add(evidence("node.score.points", candidate.getScore(), nodeThreshold, candidate.getNode(), candidate));
        if (podScored) {
            evidence.add(evidence("pod.score.points", scores.fromScore(), null, from.getNode(), from));
            evidence.add(evidence("pod.score.points", scores.candidateScore(),
                    scores.fromScore() + config.betterMarginPoints(), candidate.getNode(), candidate));
        }
        for (BetterNodeScores.Counted counted : scores.counted()) {
            double bound = counted.dependency().maxRoundTripMicros();
            evidence.add(evidence("dependency.rtt.micros", counted.from().rttMicros(), bound, from.getNode(), from));
            evidence.add(evidence("dependency.rtt.micros", counted.candidate().rttMicros(), bound, candidate.getNode(),
                    candidate));
        }
        evidence.add(evidence("better.node.held.ms", candidate.getWindowEnd() - sinceMs,
                (double) config.betterHold().toMillis(), candidate.getNode(), candidate));
        return RescheduleDecision.newBuilder()
                .setDecisionId(decisionId(pod.getPodUid(), RescheduleStrategy.BETTER_NODE, from.getNode(), sinceMs))
                .setDecidedTime(Instant.ofEpochMilli(candidate.getWindowEnd()))
                .setNamespace(pod.getNamespace())
                .setPod(pod.getPod())
                .setPodUid(pod.getPodUid())
                .setFogService(pod.getFogService())
                .setFromNode(from.getNode())
                .setStrategy(RescheduleStrategy.BETTER_NODE)
                .setPredictedTarget(candidate.getNode())
                .setCurrentScore(scores.fromScore())
                .setPredictedScore(scores.candidateScore())
                .setEvidence(evidence)
                .setMissingInputs(missing)
                .build();
    }

    /** Builds the audit record of a DegradedNode decision withheld for {@code reason}. */
    public ActionAudit withheld(NodeVerdict verdict, String reason) {
        String id = decisionId("node:" + verdict.getNode(), RescheduleStrategy.DEGRADED_NODE, verdict.getNode(),
                verdict.getSince());
        return ActionAudit.newBuilder()
                .setDecisionId(id)
                .setActionTime(Instant.ofEpochMilli(verdict.getWindowEnd()))
                .setActor(ACTOR)
                .setKind(ActionKind.EVICTION)
                .setOutcome(ActionOutcome.SKIPPED)
                .setReason(reason)
                .setNamespace(null)
                .setTarget(verdict.getNode())
                .setFromNode(verdict.getNode())
                .setDetails(Map.of("strategy", RescheduleStrategy.DEGRADED_NODE.name(),
                        "windowEnd", Long.toString(verdict.getWindowEnd())))
                .build();
    }

    private List<Evidence> evidenceOf(NodeVerdict verdict) {
        List<Evidence> evidence = new ArrayList<>();
        if (verdict.getCpuMeanRatio() != null) {
            evidence.add(evidence("node.cpu.used.ratio", verdict.getCpuMeanRatio(), config.cpuMaxRatio(), null, verdict));
        }
        if (verdict.getRtHeadroomRatio() != null) {
            evidence.add(evidence("node.rt.bandwidth.used.ratio", 1.0 - verdict.getRtHeadroomRatio(), config.rtMaxRatio(),
                    null, verdict));
        }
        if (verdict.getMaxLossRatio() != null) {
            evidence.add(evidence("link.loss.ratio", verdict.getMaxLossRatio(), config.lossMaxRatio(), null, verdict));
        }
        if (verdict.getMeanRttMicros() != null) {
            evidence.add(evidence("link.rtt.micros", verdict.getMeanRttMicros(), config.rttMaxMicros(), null, verdict));
        }
        evidence.add(evidence("node.degraded.since.ms", verdict.getSince(), null, null, verdict));
        return evidence;
    }

    private static Evidence evidence(String metric, double value, Double threshold, String vantagePoint,
            NodeVerdict window) {
        return Evidence.newBuilder()
                .setMetric(metric)
                .setValue(value)
                .setThreshold(threshold)
                .setVantagePoint(vantagePoint)
                .setWindowStart(Instant.ofEpochMilli(window.getWindowStart()))
                .setWindowEnd(Instant.ofEpochMilli(window.getWindowEnd()))
                .build();
    }
}
