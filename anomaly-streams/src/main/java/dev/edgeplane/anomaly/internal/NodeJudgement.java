package dev.edgeplane.anomaly.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.edgeplane.anomaly.AnomalyConfig;
import dev.edgeplane.anomaly.internal.state.NodeWindow;
import dev.edgeplane.anomaly.internal.state.ProbeStats;
import dev.edgeplane.event.common.Evidence;

/**
 * The verdict on one closed node window: GOOD, BAD or INCOMPLETE, with the reasons, the evidence and
 * the inputs of the node score.
 *
 * <p>A window is INCOMPLETE when it holds fewer NodeMetrics events than {@code health.min.node.samples}:
 * telemetry that does not arrive cannot show a node to be degraded, and silence is judged by the
 * wall-clock check instead. Otherwise it is BAD when any threshold is crossed: mean CPU ratio, peak
 * memory ratio, real-time bandwidth over its limit, or, per vantage point, mean probe loss or mean
 * round-trip time.
 *
 * <p>Node score, from 0 to 100: {@code 100 * (latency + headroom) / 2}, where
 * {@code latency = r / (r + meanRtt)} with r the reference round-trip time, and {@code headroom} is the
 * unused share of the real-time bandwidth limit, or of the CPU when the node reports no limit. Without
 * probes the score is the headroom alone, and "link-latency" is listed as missing. The mean round-trip
 * time per vantage point is kept as well, for the round-trip times to a pod's dependencies.
 */
public record NodeJudgement(Verdict verdict, List<String> reasons, List<Evidence> evidence, Double cpuMeanRatio,
        Double rtHeadroomRatio, Double meanRttMicros, Double maxLossRatio, int vantagePoints,
        Map<String, Double> rttMicrosByVantagePoint, Double score, List<String> missingInputs) {

    /** Kind of window. */
    public enum Verdict { GOOD, BAD, INCOMPLETE }

    /** Judges {@code window} of {@code node}, which spans {@code [start, end)}. */
    public static NodeJudgement judge(String node, NodeWindow window, long start, long end, AnomalyConfig config) {
        List<String> reasons = new ArrayList<>();
        List<Evidence> evidence = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        boolean bad = false;

        Double cpuMean = null;
        Double rtHeadroom = null;
        if (window.getMetricsSamples() > 0) {
            cpuMean = window.getCpuRatioSum() / window.getMetricsSamples();
            bad |= check(cpuMean, config.cpuMaxRatio(), "node.cpu.used.ratio", null, "mean CPU use", start, end,
                    reasons, evidence);
            bad |= check(window.getMemoryRatioMax(), config.memoryMaxRatio(), "node.memory.used.ratio", null,
                    "peak memory use", start, end, reasons, evidence);
            if (window.getRtLimitCpus() != null && window.getRtLimitCpus() > 0) {
                double rtRatio = window.getRtUsedCpusMax() / window.getRtLimitCpus();
                rtHeadroom = Math.max(0.0, 1.0 - rtRatio);
                bad |= check(rtRatio, config.rtMaxRatio(), "node.rt.bandwidth.used.ratio", null,
                        "real-time bandwidth in use", start, end, reasons, evidence);
            }
        } else {
            missing.add("node-metrics of " + node);
        }

        double rttSum = 0;
        int rttCount = 0;
        Double maxLoss = null;
        Map<String, Double> rttByVantagePoint = new HashMap<>();
        for (Map.Entry<String, ProbeStats> entry : window.getProbes().entrySet()) {
            ProbeStats stats = entry.getValue();
            double loss = stats.getLossSum() / stats.getBursts();
            maxLoss = maxLoss == null ? loss : Math.max(maxLoss, loss);
            bad |= check(loss, config.lossMaxRatio(), "link.loss.ratio", entry.getKey(), "probe loss", start, end,
                    reasons, evidence);
            if (stats.getRttCount() > 0) {
                double rtt = stats.getRttSumMicros() / stats.getRttCount();
                rttByVantagePoint.put(entry.getKey(), rtt);
                rttSum += stats.getRttSumMicros();
                rttCount += stats.getRttCount();
                bad |= check(rtt, config.rttMaxMicros(), "link.rtt.micros", entry.getKey(), "probe round-trip time",
                        start, end, reasons, evidence);
            }
        }
        Double meanRtt = rttCount > 0 ? rttSum / rttCount : null;
        if (meanRtt == null) {
            missing.add("link-latency to " + node);
        }

        Verdict verdict;
        if (window.getMetricsSamples() < config.minNodeSamples()) {
            verdict = Verdict.INCOMPLETE;
            reasons.add(0, "Window held " + window.getMetricsSamples() + " node-metrics events, fewer than the "
                    + config.minNodeSamples() + " needed (health.min.node.samples), so the state is held.");
        } else {
            verdict = bad ? Verdict.BAD : Verdict.GOOD;
        }
        Double score = score(cpuMean, rtHeadroom, meanRtt, config.rttReferenceMicros());
        return new NodeJudgement(verdict, reasons, evidence, cpuMean, rtHeadroom, meanRtt, maxLoss,
                window.getProbes().size(), rttByVantagePoint, score, missing);
    }

    static Double score(Double cpuMean, Double rtHeadroom, Double meanRtt, double rttReference) {
        if (cpuMean == null) {
            return null;
        }
        double headroom = rtHeadroom != null ? rtHeadroom : Math.max(0.0, 1.0 - cpuMean);
        if (meanRtt == null) {
            return 100.0 * headroom;
        }
        double latency = rttReference / (rttReference + meanRtt);
        return 100.0 * (latency + headroom) / 2.0;
    }

    private static boolean check(double value, double threshold, String metric, String vantagePoint, String what,
            long start, long end, List<String> reasons, List<Evidence> evidence) {
        if (value <= threshold) {
            return false;
        }
        // Ratios read as they are; round-trip times name their unit, since they are in microseconds.
        String unit = metric.endsWith(".micros") ? " µs" : "";
        reasons.add(String.format(java.util.Locale.ROOT, "%s %.3f%s above %.3f%s%s.", capitalize(what), value, unit,
                threshold, unit, vantagePoint == null ? "" : " from " + vantagePoint));
        evidence.add(Evidence.newBuilder()
                .setMetric(metric)
                .setValue(value)
                .setThreshold(threshold)
                .setVantagePoint(vantagePoint)
                .setWindowStart(Instant.ofEpochMilli(start))
                .setWindowEnd(Instant.ofEpochMilli(end))
                .build());
        return true;
    }

    private static String capitalize(String text) {
        return Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }
}
