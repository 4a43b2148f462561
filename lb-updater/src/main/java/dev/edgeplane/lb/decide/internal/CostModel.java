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
     * Fills the round-trip times a plan uses from one client node to the listed endpoints: the
     * measured round-trip time plus the jitter weight times the link's jitter. An unmeasured or
     * stale link counts as the slowest measured link from that client to the same endpoints, so
     * that a measured path is never passed over for an unknown one. When no link is measured,
     * every link counts as 0 ms.
     *
     * @param nodeIndex table index of each endpoint's node, by endpoint
     * @param endpoints the endpoints to fill, as indexes into {@code nodeIndex}
     * @param out receives one value per listed endpoint, in list order
     */
    public void effectiveRtts(LinkLatencyTable links, int client, int[] nodeIndex, int[] endpoints, int count,
            long nowMs, double[] out) {
        double slowest = -1.0;
        for (int j = 0; j < count; j++) {
            int node = nodeIndex[endpoints[j]];
            double rtt = links.rttMs(client, node, nowMs, rttMaxAgeMs);
            if (!Double.isNaN(rtt) && jitterWeight > 0.0) {
                rtt += jitterWeight * links.jitterMs(client, node);
            }
            out[j] = rtt;
            if (rtt > slowest) {
                slowest = rtt;
            }
        }
        double fallback = slowest < 0.0 ? 0.0 : slowest;
        for (int j = 0; j < count; j++) {
            if (Double.isNaN(out[j])) {
                out[j] = fallback;
            }
        }
    }

    public long rttMaxAgeMs() {
        return rttMaxAgeMs;
    }
}
