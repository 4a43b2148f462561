package dev.edgeplane.anomaly.internal;

import java.util.HashMap;
import java.util.Map;

import dev.edgeplane.anomaly.internal.state.ReplicaWindow;
import dev.edgeplane.event.telemetry.ReplicaMetrics;

/**
 * Folds ReplicaMetrics events of one replica into its {@link ReplicaWindow}. Each event covers an
 * interval and reports percentiles of that interval only, which cannot be merged exactly; the window
 * p95 is the request-weighted mean of the interval p95 values, an approximation that weighs busy
 * intervals more. Stateless.
 */
public final class ReplicaWindows {

    private ReplicaWindows() {
    }

    /** Returns an empty window aggregate. */
    public static ReplicaWindow empty() {
        return ReplicaWindow.newBuilder()
                .setNamespace("")
                .setPod("")
                .setFogService("")
                .setNode("")
                .setSamples(0)
                .setRequests(0)
                .setErrors(0)
                .setP95WeightedSumMs(0)
                .setPercentileRequests(0)
                .setInFlightSum(0)
                .setServiceMetricSums(new HashMap<>())
                .setServiceMetricCounts(new HashMap<>())
                .build();
    }

    /** Adds one event to {@code window} and returns it. */
    public static ReplicaWindow add(ReplicaMetrics metrics, ReplicaWindow window) {
        double seconds = metrics.getIntervalMs() / 1000.0;
        double requests = metrics.getRequestRate() * seconds;
        window.setNamespace(metrics.getNamespace());
        window.setPod(metrics.getPod());
        window.setFogService(metrics.getFogService());
        window.setNode(metrics.getNode());
        window.setSamples(window.getSamples() + 1);
        window.setRequests(window.getRequests() + requests);
        window.setErrors(window.getErrors() + metrics.getErrorRate() * seconds);
        window.setInFlightSum(window.getInFlightSum() + metrics.getInFlight());
        if (metrics.getLatencyP95Ms() != null) {
            // An interval without a request rate still counts once, so a reported p95 is never ignored.
            double weight = Math.max(requests, 1.0);
            window.setP95WeightedSumMs(window.getP95WeightedSumMs() + metrics.getLatencyP95Ms() * weight);
            window.setPercentileRequests(window.getPercentileRequests() + weight);
        }
        for (Map.Entry<String, Double> metric : metrics.getServiceMetrics().entrySet()) {
            window.getServiceMetricSums().merge(metric.getKey(), metric.getValue(), Double::sum);
            window.getServiceMetricCounts().merge(metric.getKey(), 1, Integer::sum);
        }
        return window;
    }
}
