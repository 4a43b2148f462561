package dev.edgeplane.lb.decide.internal;

import dev.edgeplane.lb.decide.LinkLatencyTable;
import dev.edgeplane.lb.decide.WeightPlannerConfig;

/**
 * The cost of an endpoint seen from one client node and the raw weight 1 / cost^k it earns. The
 * formula is stated in {@link dev.edgeplane.lb.decide.WeightPlanner}. Immutable.
 */
public final class CostModel {

    private final double exponent;
    private final double minLatencyMs;
    private final long rttMaxAgeMs;
    private final double jitterWeight;

    public CostModel(WeightPlannerConfig config) {
        this.exponent = config.costExponent();
        this.minLatencyMs = config.latencyMinMs();
        this.rttMaxAgeMs = config.linkRttMaxAgeMs();
        this.jitterWeight = config.linkJitterWeight();
    }

    /**
     * Returns the raw weight of an endpoint.
     *
     * @param rttMs round-trip time from the client node to the endpoint's node
     * @param latencyMs the endpoint's response-time estimate
     * @param multiplier the endpoint's in-flight and error factor, at least 1
     */
    public double rawWeight(double rttMs, double latencyMs, double multiplier) {
        double cost = Math.max(minLatencyMs, rttMs + latencyMs) * multiplier;
        // Math.pow costs tens of nanoseconds and a plan evaluates it once per endpoint and node.
        if (exponent == 2.0) {
            return 1.0 / (cost * cost);
        }
        if (exponent == 1.0) {
            return 1.0 / cost;
        }
        return Math.pow(cost, -exponent);
    }

    /**
     * Returns the round-trip time a plan uses from one table node to another: the measured
     * round-trip time plus the jitter weight times the link's jitter, or NaN when the link is
     * unmeasured or stale.
     */
    public double effectiveRtt(LinkLatencyTable links, int from, int to, long nowMs) {
        double rtt = links.rttMs(from, to, nowMs, rttMaxAgeMs);
        return Double.isNaN(rtt) ? rtt : rtt + jitterWeight * links.jitterMs(from, to);
    }

    /**
     * Fills the round-trip times a plan uses from one client node to the listed endpoints, with
     * unknown links filled as {@link #fillUnknownWithSlowest} does.
     *
     * @param nodeIndex table index of each endpoint's node, by endpoint
     * @param endpoints the endpoints to fill, as indexes into {@code nodeIndex}
     * @param out receives one value per listed endpoint, in list order
     */
    public void effectiveRtts(LinkLatencyTable links, int client, int[] nodeIndex, int[] endpoints, int count,
            long nowMs, double[] out) {
        for (int j = 0; j < count; j++) {
            out[j] = effectiveRtt(links, client, nodeIndex[endpoints[j]], nowMs);
        }
        fillUnknownWithSlowest(out, count);
    }

    /**
     * Replaces each unknown (NaN) round-trip time with the slowest known one among the same
     * client's values, so that a measured path is never passed over for an unknown one. When no
     * value is known, every value becomes 0 ms.
     */
    public static void fillUnknownWithSlowest(double[] values, int count) {
        double slowest = 0.0;
        for (int j = 0; j < count; j++) {
            if (values[j] > slowest) {
                slowest = values[j];
            }
        }
        for (int j = 0; j < count; j++) {
            if (Double.isNaN(values[j])) {
                values[j] = slowest;
            }
        }
    }

    public long rttMaxAgeMs() {
        return rttMaxAgeMs;
    }
}
