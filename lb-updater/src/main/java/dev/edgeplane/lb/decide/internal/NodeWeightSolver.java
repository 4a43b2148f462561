package dev.edgeplane.lb.decide.internal;

import dev.edgeplane.lb.decide.WeightPlannerConfig;

/**
 * The per-client-node step of a plan: turns costs into target shares with the floor, then moves
 * from the previous shares towards them within the change limit and the ramp caps.
 *
 * <p>{@link #prepare} gathers one service's eligible endpoints into compact arrays once, and
 * {@link #solve} then runs once per client node on them. Holds that service's data and scratch
 * arrays, so one instance serves one thread and one service at a time.
 */
public final class NodeWeightSolver {

    private final CostModel costModel;
    private final double floor;
    private final double maxChange;

    private ServiceAssessment assessment;
    private int count;
    private double effectiveFloor;
    private boolean anyRamping;
    private double[] latency = new double[0];
    private double[] multiplier = new double[0];
    private double[] progress = new double[0];
    private int[] nodeIndex = new int[0];

    private double[] rtt = new double[0];
    private double[] raw = new double[0];
    private double[] target = new double[0];
    private double[] center = new double[0];
    private double[] centerNormalized = new double[0];
    private double[] lo = new double[0];
    private double[] hi = new double[0];
    private double[] hiUncapped = new double[0];
    private double[] solved = new double[0];
    private boolean[] floored = new boolean[0];

    public NodeWeightSolver(WeightPlannerConfig config, CostModel costModel) {
        this.costModel = costModel;
        this.floor = config.weightFloor();
        this.maxChange = config.maxChangePerUpdate();
    }

    /** Gathers the eligible endpoints of one service for the {@link #solve} calls that follow. */
    public void prepare(ServiceAssessment serviceAssessment) {
        assessment = serviceAssessment;
        count = serviceAssessment.eligibleCount;
        ensureCapacity(count);
        effectiveFloor = count == 0 ? floor : Math.min(floor, 1.0 / count);
        anyRamping = false;
        for (int j = 0; j < count; j++) {
            int i = serviceAssessment.eligible[j];
            latency[j] = serviceAssessment.latencyMs[i];
            multiplier[j] = serviceAssessment.multiplier[i];
            progress[j] = serviceAssessment.rampProgress[i];
            nodeIndex[j] = serviceAssessment.nodeIndex[i];
            anyRamping |= progress[j] < 1.0;
        }
    }

    /**
     * Computes the weights of one client node of the prepared service into its row of
     * {@code weights}, which the caller stores in {@code state} once every row is done.
     *
     * @param row the client node's row in {@code context} and in {@code weights}
     * @param weights rows of weights by endpoint (in {@link ServiceState#pods()} order); the row is
     *     left all 0 when no endpoint is eligible, and otherwise sums to 1
     */
    public void solve(ServiceState state, PlanningContext context, int row, double[] weights) {
        if (count == 0) {
            return;
        }
        boolean unknownRtt = false;
        for (int j = 0; j < count; j++) {
            rtt[j] = context.effectiveRtt(row, nodeIndex[j]);
            unknownRtt |= Double.isNaN(rtt[j]);
        }
        if (unknownRtt) {
            CostModel.fillUnknownWithSlowest(rtt, count);
        }
        double rawSum = 0.0;
        for (int j = 0; j < count; j++) {
            raw[j] = costModel.rawWeight(rtt[j], latency[j], multiplier[j]);
            rawSum += raw[j];
        }
        WeightMath.normalizeWithFloor(raw, count, rawSum, effectiveFloor, target, floored);

        int previousRow = state.previousRow(context.clientId(row));
        double[] result = target;
        if (previousRow >= 0 || anyRamping) {
            fillBounds(state.previousWeights(), previousRow);
            if (anyRamping) {
                capRamps();
                relaxRampCaps();
            }
            WeightMath.projectOntoBox(target, lo, hi, count, solved);
            result = solved;
        }

        int offset = row * assessment.endpointCount;
        int[] eligible = assessment.eligible;
        for (int j = 0; j < count; j++) {
            weights[offset + eligible[j]] = result[j];
        }
    }

    /**
     * Bounds each share to within the change limit of its previous share. Previous shares are
     * renormalised over the eligible endpoints first: shares of endpoints that left move at once,
     * and an endpoint without a previous share starts from the floor.
     */
    private void fillBounds(double[] previous, int previousRow) {
        if (previousRow < 0) {
            for (int j = 0; j < count; j++) {
                lo[j] = effectiveFloor;
                hi[j] = 1.0;
            }
            return;
        }

        // A share of 0 ends at the floor while the others scale up, so a new endpoint starts from
        // the floor however much traffic the endpoints that left carried.
        int offset = previousRow * assessment.endpointCount;
        int[] eligible = assessment.eligible;
        double sum = 0.0;
        double smallest = 1.0;
        for (int j = 0; j < count; j++) {
            double share = previous[offset + eligible[j]];
            center[j] = share;
            sum += share;
            smallest = Math.min(smallest, share);
        }
        // With the same eligible endpoints as last time the previous shares already sum to 1
        // above the floor, which is the common case and needs no renormalisation.
        double[] centers = center;
        if (Math.abs(sum - 1.0) > 1e-12 || smallest < effectiveFloor) {
            WeightMath.normalizeWithFloor(center, count, sum, effectiveFloor, centerNormalized, floored);
            centers = centerNormalized;
        }
        for (int j = 0; j < count; j++) {
            lo[j] = Math.max(effectiveFloor, centers[j] - maxChange);
            hi[j] = Math.min(1.0, centers[j] + maxChange);
        }
    }

    /** Caps each ramping share at floor + (target - floor) x progress, never below its lower bound. */
    private void capRamps() {
        for (int j = 0; j < count; j++) {
            hiUncapped[j] = hi[j];
            if (progress[j] < 1.0) {
                double cap = effectiveFloor + (target[j] - effectiveFloor) * progress[j];
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
    private void relaxRampCaps() {
        double deficit = 1.0 - sum(hi);
        if (deficit <= 0.0) {
            return;
        }
        deficit = relaxGroup(deficit, true);
        if (deficit > 0.0) {
            relaxGroup(deficit, false);
        }
    }

    private double relaxGroup(double deficit, boolean started) {
        double room = 0.0;
        for (int j = 0; j < count; j++) {
            if (inGroup(progress[j], started)) {
                room += hiUncapped[j] - hi[j];
            }
        }
        if (room <= 0.0) {
            return deficit;
        }
        double fraction = Math.min(1.0, deficit / room);
        for (int j = 0; j < count; j++) {
            if (inGroup(progress[j], started)) {
                hi[j] += fraction * (hiUncapped[j] - hi[j]);
            }
        }
        return deficit - fraction * room;
    }

    private static boolean inGroup(double progress, boolean started) {
        return started ? progress > 0.0 && progress < 1.0 : progress == 0.0;
    }

    private double sum(double[] values) {
        double sum = 0.0;
        for (int j = 0; j < count; j++) {
            sum += values[j];
        }
        return sum;
    }

    private void ensureCapacity(int size) {
        if (raw.length >= size) {
            return;
        }
        latency = new double[size];
        multiplier = new double[size];
        progress = new double[size];
        nodeIndex = new int[size];
        rtt = new double[size];
        raw = new double[size];
        target = new double[size];
        center = new double[size];
        centerNormalized = new double[size];
        lo = new double[size];
        hi = new double[size];
        hiUncapped = new double[size];
        solved = new double[size];
        floored = new boolean[size];
    }
}
