package dev.edgeplane.lb.decide.internal;

import dev.edgeplane.lb.decide.LinkLatencyTable;
import dev.edgeplane.lb.decide.WeightPlannerConfig;

/**
 * The per-client-node step of a plan: turns costs into target shares with the floor, then moves
 * from the previous shares towards them within the change limit and the ramp caps. Holds scratch
 * arrays, so one instance serves one thread.
 */
public final class NodeWeightSolver {

    private final CostModel costModel;
    private final double floor;
    private final double maxChange;

    private double[] rtt = new double[0];
    private double[] raw = new double[0];
    private double[] target = new double[0];
    private double[] center = new double[0];
    private double[] centerNormalized = new double[0];
    private double[] lo = new double[0];
    private double[] hi = new double[0];
    private double[] hiUncapped = new double[0];
    private double[] solved = new double[0];
    private double[] breakpoints = new double[0];
    private boolean[] floored = new boolean[0];

    public NodeWeightSolver(WeightPlannerConfig config, CostModel costModel) {
        this.costModel = costModel;
        this.floor = config.weightFloor();
        this.maxChange = config.maxChangePerUpdate();
    }

    /**
     * Computes the weights of one client node and stores them in {@code state} as the node's new
     * previous weights.
     *
     * @return weights by endpoint (in {@link ServiceState#pods()} order) summing to 1, or all 0
     *     when no endpoint is eligible; the array is not changed afterwards
     */
    public double[] solve(ServiceAssessment assessment, ServiceState state, LinkLatencyTable links,
            int clientIndex, int clientId, long nowMs) {
        double[] weights = new double[assessment.endpointCount];
        int count = assessment.eligibleCount;
        if (count == 0) {
            state.storeWeights(clientId, weights);
            return weights;
        }
        ensureCapacity(count);
        int[] eligible = assessment.eligible;
        double effectiveFloor = Math.min(floor, 1.0 / count);

        costModel.effectiveRtts(links, clientIndex, assessment.nodeIndex, eligible, count, nowMs, rtt);
        boolean anyRamping = false;
        for (int j = 0; j < count; j++) {
            int i = eligible[j];
            raw[j] = costModel.rawWeight(rtt[j], assessment.latencyMs[i], assessment.multiplier[i]);
            anyRamping |= assessment.rampProgress[i] < 1.0;
        }
        WeightMath.normalizeWithFloor(raw, count, effectiveFloor, target, floored);

        double[] previous = state.previousWeights(clientId);
        double[] result = target;
        if (previous != null || anyRamping) {
            fillBounds(assessment, previous, count, effectiveFloor);
            relaxRampCaps(assessment, count);
            WeightMath.projectOntoBox(target, lo, hi, count, solved, breakpoints);
            result = solved;
        }

        for (int j = 0; j < count; j++) {
            weights[eligible[j]] = result[j];
        }
        state.storeWeights(clientId, weights);
        return weights;
    }

    /**
     * Bounds each share to within the change limit of its previous share and, while it ramps, to
     * floor + (target - floor) x progress. Previous shares are renormalised over the eligible
     * endpoints first: shares of endpoints that left move at once, and an endpoint without a
     * previous share starts from the floor.
     */
    private void fillBounds(ServiceAssessment assessment, double[] previous, int count, double effectiveFloor) {
        int[] eligible = assessment.eligible;
        if (previous != null) {
            // A share of 0 ends at the floor while the others scale up, so a new endpoint starts
            // from the floor however much traffic the endpoints that left carried.
            for (int j = 0; j < count; j++) {
                center[j] = previous[eligible[j]];
            }
            WeightMath.normalizeWithFloor(center, count, effectiveFloor, centerNormalized, floored);
        }
        for (int j = 0; j < count; j++) {
            if (previous != null) {
                lo[j] = Math.max(effectiveFloor, centerNormalized[j] - maxChange);
                hiUncapped[j] = Math.min(1.0, centerNormalized[j] + maxChange);
            } else {
                lo[j] = effectiveFloor;
                hiUncapped[j] = 1.0;
            }
            hi[j] = hiUncapped[j];
            double progress = assessment.rampProgress[eligible[j]];
            if (progress < 1.0) {
                double cap = effectiveFloor + (target[j] - effectiveFloor) * progress;
                hi[j] = Math.max(lo[j], Math.min(hi[j], cap));
            }
        }
    }

    /**
     * Raises ramp caps when the upper bounds sum to less than 1, which happens when ramping
     * endpoints carried most of the previous traffic. Endpoints that have ramped part of the way
     * yield first and those that just joined yield last. Within each group every cap yields the
     * same fraction of its room up to the change limit. The change limit itself never yields,
     * because the previous shares sum to 1 and so always fit under it.
     */
    private void relaxRampCaps(ServiceAssessment assessment, int count) {
        double deficit = 1.0 - sum(hi, count);
        if (deficit <= 0.0) {
            return;
        }
        deficit = relaxGroup(assessment, count, deficit, true);
        if (deficit > 0.0) {
            relaxGroup(assessment, count, deficit, false);
        }
    }

    private double relaxGroup(ServiceAssessment assessment, int count, double deficit, boolean started) {
        double room = 0.0;
        for (int j = 0; j < count; j++) {
            if (inGroup(assessment.rampProgress[assessment.eligible[j]], started)) {
                room += hiUncapped[j] - hi[j];
            }
        }
        if (room <= 0.0) {
            return deficit;
        }
        double fraction = Math.min(1.0, deficit / room);
        for (int j = 0; j < count; j++) {
            if (inGroup(assessment.rampProgress[assessment.eligible[j]], started)) {
                hi[j] += fraction * (hiUncapped[j] - hi[j]);
            }
        }
        return deficit - fraction * room;
    }

    private static boolean inGroup(double progress, boolean started) {
        return started ? progress > 0.0 && progress < 1.0 : progress == 0.0;
    }

    private static double sum(double[] values, int count) {
        double sum = 0.0;
        for (int j = 0; j < count; j++) {
            sum += values[j];
        }
        return sum;
    }

    private void ensureCapacity(int count) {
        if (raw.length >= count) {
            return;
        }
        rtt = new double[count];
        raw = new double[count];
        target = new double[count];
        center = new double[count];
        centerNormalized = new double[count];
        lo = new double[count];
        hi = new double[count];
        hiUncapped = new double[count];
        solved = new double[count];
        breakpoints = new double[2 * count];
        floored = new boolean[count];
    }
}
