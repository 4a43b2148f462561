package dev.edgeplane.lb.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The figures of every balancer in every scenario of one evaluation run, with the goals checked:
 * Edgeplane's p99 in the slow-replica scenario no worse than peak EWMA's and at least 5 times
 * better than round robin's, and a fast-failing replica below 5% of the requests. The goals are
 * checked on Edgeplane's iptables data plane ({@code edgeplane}); the slow-replica p99 goal is
 * also reported for its proxy data plane ({@code edgeplane-proxy}).
 *
 * @param seed the run's seed
 * @param linkSource where the link-latency scenario's round-trip times came from
 * @param results one entry per scenario and balancer, in run order
 */
public record EvaluationReport(long seed, String linkSource, List<RunResult> results) {

    /** Largest share of requests a fast-failing replica may receive while it fails. */
    public static final double FAILING_SHARE_GOAL = 0.05;
    /** How many times lower than round robin's Edgeplane's p99 must be in the slow-replica scenario. */
    public static final double SLOW_P99_FACTOR_GOAL = 5.0;

    public EvaluationReport {
        results = List.copyOf(results);
    }

    public Optional<RunResult> result(String scenario, String balancer) {
        return results.stream()
                .filter(result -> result.scenario().equals(scenario) && result.balancer().equals(balancer))
                .findFirst();
    }

    /** Returns the figures as a Markdown table. */
    public String table() {
        StringBuilder table = new StringBuilder()
                .append("| scenario | balancer | p50 ms | p99 ms | p99.9 ms | success | focus share | focus peak 1 s "
                        + "| focus p99 ms | share per replica |\n")
                .append("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |\n");
        for (RunResult result : results) {
            List<String> shares = new ArrayList<>();
            for (double share : result.shares()) {
                shares.add(format("%.1f", share * 100));
            }
            table.append(format("| %s | %s | %.1f | %.1f | %.1f | %.2f%% | %.2f%% | %.1f%% | %.1f | %s |%n",
                    result.scenario(), result.balancer(), result.p50Ms(), result.p99Ms(), result.p999Ms(),
                    result.successRate() * 100, result.focusShare() * 100, result.focusPeakShare() * 100,
                    result.focusP99Ms(), String.join(" / ", shares)));
        }
        return table.toString();
    }

    /**
     * Returns one line of key=value figures: each balancer's p99 and focus share per scenario, and
     * whether each goal was met (absent when its scenario did not run).
     */
    public String keyValueLine() {
        StringBuilder line = new StringBuilder("lb-eval seed=").append(seed).append(" links=").append(linkSource);
        for (RunResult result : results) {
            String prefix = " " + result.scenario() + "." + result.balancer() + ".";
            line.append(prefix).append("p99_ms=").append(format("%.1f", result.p99Ms()));
            line.append(prefix).append("focus_share=").append(format("%.4f", result.focusShare()));
        }
        Optional<RunResult> edgeplaneSlow = result("slow", "edgeplane");
        Optional<RunResult> ewmaSlow = result("slow", "peak-ewma");
        Optional<RunResult> roundRobinSlow = result("slow", "round-robin");
        if (edgeplaneSlow.isPresent() && ewmaSlow.isPresent() && roundRobinSlow.isPresent()) {
            double edgeplane = edgeplaneSlow.get().p99Ms();
            line.append(" goal.slow_p99_not_worse_than_peak_ewma=").append(edgeplane <= ewmaSlow.get().p99Ms());
            line.append(" slow.round_robin_over_edgeplane_p99=")
                    .append(format("%.1f", roundRobinSlow.get().p99Ms() / edgeplane));
            line.append(" goal.slow_p99_5x_better_than_round_robin=")
                    .append(roundRobinSlow.get().p99Ms() >= SLOW_P99_FACTOR_GOAL * edgeplane);
        }
        Optional<RunResult> proxySlow = result("slow", "edgeplane-proxy");
        if (proxySlow.isPresent() && ewmaSlow.isPresent()) {
            line.append(" goal.proxy.slow_p99_not_worse_than_peak_ewma=")
                    .append(proxySlow.get().p99Ms() <= ewmaSlow.get().p99Ms());
        }
        result("failing", "edgeplane").ifPresent(failing -> line.append(" goal.failing_share_below_5pct=")
                .append(failing.focusShare() < FAILING_SHARE_GOAL));
        return line.toString();
    }

    private static String format(String pattern, Object... values) {
        return String.format(Locale.ROOT, pattern, values);
    }
}
