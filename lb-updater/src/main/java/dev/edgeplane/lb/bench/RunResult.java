package dev.edgeplane.lb.bench;

import java.util.List;

/**
 * Figures of one balancer in one scenario.
 *
 * @param scenario the scenario's name
 * @param balancer the balancer's name
 * @param requests requests sent
 * @param p50Ms median response time seen by clients, in milliseconds
 * @param p99Ms 99th percentile response time
 * @param p999Ms 99.9th percentile response time
 * @param successRate share of requests that succeeded within the timeout, 0 to 1
 * @param shares share of all requests each replica received, in replica order
 * @param focusShare share of the requests sent in the scenario's focus window that went to its
 *     focus replica
 * @param focusPeakShare the focus replica's largest share over any whole second of the focus window
 * @param focusP99Ms 99th percentile response time of the requests sent in the focus window
 */
public record RunResult(
        String scenario,
        String balancer,
        int requests,
        double p50Ms,
        double p99Ms,
        double p999Ms,
        double successRate,
        List<Double> shares,
        double focusShare,
        double focusPeakShare,
        double focusP99Ms) {

    public RunResult {
        shares = List.copyOf(shares);
    }

    /** Returns the value at a quantile of sorted values, by the nearest-rank method. */
    static double percentile(double[] sorted, int count, double quantile) {
        if (count == 0) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(quantile * count) - 1;
        return sorted[Math.max(0, Math.min(count - 1, rank))];
    }
}
