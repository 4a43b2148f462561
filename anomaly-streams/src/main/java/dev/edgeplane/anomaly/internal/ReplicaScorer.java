package dev.edgeplane.anomaly.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.edgeplane.anomaly.AnomalyConfig;
import dev.edgeplane.anomaly.ServiceTargets;
import dev.edgeplane.anomaly.internal.state.ReplicaWindow;
import dev.edgeplane.event.state.ReplicaScore;

/**
 * Scores a replica's closed window against its targets.
 *
 * <p>Score, from 0 to 100: {@code 100 * L * E * I * S}, where
 * {@code L = min(1, latencyTarget / p95)} (1 without completed requests),
 * {@code E = max(0, 1 - errorRatio / errorRatioMax)}, {@code I = min(1, inFlightMax / meanInFlight)},
 * and {@code S = 1 - missed / (2 * declared)} over the FogService's service-metric targets (1 when
 * it has none), so that missing every service target halves the score. A replica
 * that fails fast answers quickly but scores near 0 through E. Stateless.
 */
public final class ReplicaScorer {

    private final AnomalyConfig config;

    public ReplicaScorer(AnomalyConfig config) {
        this.config = config;
    }

    /** Returns the score of {@code window}, which spans {@code [start, end)}, against {@code targets}. */
    public ReplicaScore score(ReplicaWindow window, long start, long end, List<ServiceTargets.Target> targets) {
        Double p95 = window.getPercentileRequests() > 0 ? window.getP95WeightedSumMs() / window.getPercentileRequests() : null;
        double errorRatio = window.getRequests() > 0 ? Math.min(1.0, window.getErrors() / window.getRequests()) : 0.0;
        double meanInFlight = window.getSamples() > 0 ? window.getInFlightSum() / window.getSamples() : 0.0;
        double windowSeconds = (end - start) / 1000.0;

        Map<String, Double> means = new HashMap<>();
        window.getServiceMetricSums().forEach((name, sum) -> means.put(name, sum / window.getServiceMetricCounts().get(name)));
        List<String> missed = new ArrayList<>();
        for (ServiceTargets.Target target : targets) {
            Double mean = means.get(target.metric());
            if (mean == null || target.missedBy(mean)) {
                // A declared metric that the replica did not report is a missed target, not a met one.
                missed.add(target.metric());
            }
        }

        double latency = p95 == null || p95 <= 0 ? 1.0 : Math.min(1.0, config.latencyTargetMs() / p95);
        double errors = Math.max(0.0, 1.0 - errorRatio / config.errorRatioMax());
        double inFlight = meanInFlight <= 0 ? 1.0 : Math.min(1.0, config.inFlightMax() / meanInFlight);
        double service = targets.isEmpty() ? 1.0 : 1.0 - missed.size() / (2.0 * targets.size());
        double score = 100.0 * latency * errors * inFlight * service;

        return ReplicaScore.newBuilder()
                .setNamespace(window.getNamespace())
                .setPod(window.getPod())
                .setFogService(window.getFogService())
                .setNode(window.getNode())
                .setWindowStart(Instant.ofEpochMilli(start))
                .setWindowEnd(Instant.ofEpochMilli(end))
                .setScore(score)
                .setSampleCount(window.getSamples())
                .setLatencyP95Ms(p95)
                .setRequestRate(windowSeconds > 0 ? window.getRequests() / windowSeconds : 0.0)
                .setErrorRatio(errorRatio)
                .setMeanInFlight(meanInFlight)
                .setServiceMetrics(means)
                .setMissedTargets(missed)
                .build();
    }
}
