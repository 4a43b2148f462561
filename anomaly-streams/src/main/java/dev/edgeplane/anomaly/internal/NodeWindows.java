package dev.edgeplane.anomaly.internal;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.edgeplane.anomaly.internal.state.NodeWindow;
import dev.edgeplane.anomaly.internal.state.ProbeStats;
import dev.edgeplane.event.telemetry.LinkLatency;
import dev.edgeplane.event.telemetry.NodeMetrics;

/** Folds NodeMetrics and LinkLatency events of one node into its {@link NodeWindow}, and merges panes. Stateless. */
public final class NodeWindows {

    private NodeWindows() {
    }

    /** Returns an empty window aggregate. */
    public static NodeWindow empty() {
        return NodeWindow.newBuilder()
                .setMetricsSamples(0)
                .setCpuRatioSum(0)
                .setCpuRatioMax(0)
                .setMemoryRatioMax(0)
                .setRtUsedCpusMax(0)
                .setRtLimitCpus(null)
                .setProbes(new HashMap<>())
                .build();
    }

    /** Adds one telemetry event to {@code window} and returns it; other values leave it unchanged. */
    public static NodeWindow add(Object event, NodeWindow window) {
        if (event instanceof NodeMetrics metrics) {
            addMetrics(metrics, window);
        } else if (event instanceof LinkLatency latency) {
            addProbe(latency, window);
        }
        return window;
    }

    /**
     * Returns a new aggregate of the {@code panes}, oldest first: counts and sums add up, maxima take
     * the maximum, and the real-time bandwidth limit is the newest pane's that reported one. The
     * panes are left unchanged.
     */
    public static NodeWindow merge(List<NodeWindow> panes) {
        NodeWindow merged = empty();
        for (NodeWindow pane : panes) {
            merged.setMetricsSamples(merged.getMetricsSamples() + pane.getMetricsSamples());
            merged.setCpuRatioSum(merged.getCpuRatioSum() + pane.getCpuRatioSum());
            merged.setCpuRatioMax(Math.max(merged.getCpuRatioMax(), pane.getCpuRatioMax()));
            merged.setMemoryRatioMax(Math.max(merged.getMemoryRatioMax(), pane.getMemoryRatioMax()));
            merged.setRtUsedCpusMax(Math.max(merged.getRtUsedCpusMax(), pane.getRtUsedCpusMax()));
            if (pane.getRtLimitCpus() != null) {
                merged.setRtLimitCpus(pane.getRtLimitCpus());
            }
            for (Map.Entry<String, ProbeStats> entry : pane.getProbes().entrySet()) {
                mergeProbes(entry.getValue(), merged.getProbes().computeIfAbsent(entry.getKey(),
                        vantagePoint -> new ProbeStats(0, 0.0, 0, 0.0, 0.0, 0.0)));
            }
        }
        return merged;
    }

    private static void mergeProbes(ProbeStats pane, ProbeStats merged) {
        merged.setBursts(merged.getBursts() + pane.getBursts());
        merged.setRttSumMicros(merged.getRttSumMicros() + pane.getRttSumMicros());
        merged.setRttCount(merged.getRttCount() + pane.getRttCount());
        merged.setLossSum(merged.getLossSum() + pane.getLossSum());
        merged.setLossMax(Math.max(merged.getLossMax(), pane.getLossMax()));
        merged.setJitterMaxMicros(Math.max(merged.getJitterMaxMicros(), pane.getJitterMaxMicros()));
    }

    private static void addMetrics(NodeMetrics metrics, NodeWindow window) {
        double cpuRatio = ratio(metrics.getCpuUsedCores(), metrics.getCpuCapacityCores());
        double memoryRatio = ratio(metrics.getMemoryUsedBytes(), metrics.getMemoryCapacityBytes());
        window.setMetricsSamples(window.getMetricsSamples() + 1);
        window.setCpuRatioSum(window.getCpuRatioSum() + cpuRatio);
        window.setCpuRatioMax(Math.max(window.getCpuRatioMax(), cpuRatio));
        window.setMemoryRatioMax(Math.max(window.getMemoryRatioMax(), memoryRatio));
        window.setRtUsedCpusMax(Math.max(window.getRtUsedCpusMax(), metrics.getRtBandwidthUsedCpus()));
        if (metrics.getRtBandwidthLimitCpus() != null) {
            window.setRtLimitCpus(metrics.getRtBandwidthLimitCpus());
        }
    }

    private static void addProbe(LinkLatency latency, NodeWindow window) {
        ProbeStats stats = window.getProbes().get(latency.getSourceNode());
        if (stats == null) {
            stats = new ProbeStats(0, 0.0, 0, 0.0, 0.0, 0.0);
            window.getProbes().put(latency.getSourceNode(), stats);
        }
        stats.setBursts(stats.getBursts() + 1);
        if (latency.getRttMicros() != null) {
            stats.setRttSumMicros(stats.getRttSumMicros() + latency.getRttMicros());
            stats.setRttCount(stats.getRttCount() + 1);
        }
        stats.setLossSum(stats.getLossSum() + latency.getLossRatio());
        stats.setLossMax(Math.max(stats.getLossMax(), latency.getLossRatio()));
        if (latency.getJitterMicros() != null) {
            stats.setJitterMaxMicros(Math.max(stats.getJitterMaxMicros(), latency.getJitterMicros()));
        }
    }

    private static double ratio(double used, double capacity) {
        return capacity > 0 ? used / capacity : 0.0;
    }
}
