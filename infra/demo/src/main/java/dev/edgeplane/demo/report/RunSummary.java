package dev.edgeplane.demo.report;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The measured figures of one run. Times are from the start of the fault; a null time means the
 * milestone was not observed. Latencies are in milliseconds, NaN where no response was measured.
 *
 * @param fault the injected fault
 * @param toDetection until the faulty node left HEALTHY in edgeplane.state.node-health
 * @param toDecision until the first reschedule decision for a pod on the faulty node
 * @param toPodElsewhere until a replica of a service that ran on the faulty node ran on another node
 * @param toWeightsShifted until the weights gave the faulty node's endpoints at most half their share before the fault
 * @param latencies response-time percentiles before, during and after the fault
 * @param actions counts of audited actions by kind and outcome, such as {@code EVICTION SUCCEEDED}
 * @param skipReasons counts of the reasons of skipped actions
 */
public record RunSummary(FaultWindow fault, Duration toDetection, Duration toDecision, Duration toPodElsewhere,
        Duration toWeightsShifted, List<PhaseLatency> latencies, Map<String, Long> actions,
        Map<String, Long> skipReasons) {

    /**
     * Response-time percentiles of one phase of the run.
     *
     * @param phase {@code before}, {@code during} or {@code after}
     * @param p50Ms median response time in milliseconds
     * @param p99Ms 99th percentile response time in milliseconds
     * @param sent   requests sent in the phase
     * @param errors requests that failed or timed out, which have no response time and are not in the percentiles
     */
    public record PhaseLatency(String phase, double p50Ms, double p99Ms, long sent, long errors) {
    }

    public RunSummary {
        latencies = List.copyOf(latencies);
        actions = Map.copyOf(actions);
        skipReasons = Map.copyOf(skipReasons);
    }

    /** Returns the summary as console lines. */
    public List<String> lines() {
        List<String> lines = new ArrayList<>();
        lines.add("Summary: fault on node " + fault.node());
        lines.add("  fault to detection:         " + format(toDetection));
        lines.add("  fault to decision:          " + format(toDecision));
        lines.add("  fault to pod running elsewhere: " + format(toPodElsewhere));
        lines.add("  fault to weights shifted:   " + format(toWeightsShifted));
        lines.add("  response time of answered requests (p50 / p99), and requests that failed or timed out:");
        for (PhaseLatency phase : latencies) {
            lines.add(String.format(Locale.ROOT, "    %-7s %s / %s, errors %d of %d", phase.phase(), formatMs(phase.p50Ms()),
                    formatMs(phase.p99Ms()), phase.errors(), phase.sent()));
        }
        lines.add("  actions:" + (actions.isEmpty() ? " none audited" : ""));
        actions.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(e -> lines.add("    " + e.getKey() + ": " + e.getValue()));
        if (!skipReasons.isEmpty()) {
            lines.add("  skipped, by reason:");
            skipReasons.entrySet().stream().sorted(Map.Entry.comparingByKey())
                    .forEach(e -> lines.add("    " + e.getValue() + " x " + e.getKey()));
        }
        return lines;
    }

    /** Formats a milestone time in seconds, or returns {@code not observed} for null. */
    public static String format(Duration duration) {
        return duration == null ? "not observed" : String.format(Locale.ROOT, "%.1f s", duration.toMillis() / 1000.0);
    }

    /** Formats milliseconds, or returns {@code no responses} for NaN. */
    public static String formatMs(double ms) {
        return Double.isNaN(ms) ? "no responses" : String.format(Locale.ROOT, "%.1f ms", ms);
    }
}
