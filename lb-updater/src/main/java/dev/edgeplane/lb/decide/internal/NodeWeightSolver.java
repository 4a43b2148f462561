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
    private boolean allNodesInTable;
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
        allNodesInTable = true;
        for (int j = 0; j < count; j++) {
            int i = serviceAssessment.eligible[j];
            latency[j] = serviceAssessment.latencyMs[i];
            multiplier[j] = serviceAssessment.multiplier[i];
            progress[j] = serviceAssessment.rampProgress[i];
            nodeIndex[j] = serviceAssessment.nodeIndex[i];
            anyRamping |= progress[j] < 1.0;
            allNodesInTable &= nodeIndex[j] >= 0;
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
        double rawSum = allNodesInTable && context.rowComplete(row) ? rawWeightsKnown(context, row) : rawWeights(context, row);
        int previousRow = state.previousRow(context.clientId(row));
        double[] result;
        if (previousRow >= 0 && !anyRamping && solveSteady(state.previousWeights(), previousRow, rawSum)) {
            result = solved;
        } else {
            WeightMath.normalizeWithFloor(raw, count, rawSum, effectiveFloor, target, floored);
            result = target;
            if (previousRow >= 0 || anyRamping) {
                fillBounds(state.previousWeights(), previousRow);
                if (anyRamping) {
                    capRamps();
                    relaxRampCaps();
                }
                WeightMath.projectOntoBox(target, lo, hi, count, solved);
                result = solved;
            }
        }

        int offset = row * assessment.endpointCount;
        int[] eligible = assessment.eligible;
        for (int j = 0; j < count; j++) {
            weights[offset + eligible[j]] = result[j];
        }
    }

    /**
     * Solves a row in the steady case, into {@code solved}: no endpoint ramps, the previous shares
     * of the eligible endpoints sum to 1 and none is below the floor, and no target share falls
     * below the floor. One loop then normalises the targets, bounds them by the change limit and
     * takes the first step of the projection, where the general path needs three loops. The
     * result is the general path's.
     *
     * @return false, with {@code solved} unusable, when the row is not in the steady case
     */
    private boolean solveSteady(double[] previous, int previousRow, double rawSum) {
        if (!(rawSum > 0.0) || Double.isInfinite(rawSum) || count * effectiveFloor >= 1.0 - 1e-12) {
            return false;
        }
        double scale = 1.0 / rawSum;
        int offset = previousRow * assessment.endpointCount;
        int[] eligible = assessment.eligible;
        double previousSum = 0.0;
        double clampedSum = 0.0;
        int inside = 0;
        for (int j = 0; j < count; j++) {
            double share = scale * raw[j];
            double before = previous[offset + eligible[j]];
            if (share < effectiveFloor || before < effectiveFloor) {
                return false;
            }
            double low = Math.max(effectiveFloor, before - maxChange);
            double high = Math.min(1.0, before + maxChange);
            double clamped = Math.max(low, Math.min(high, share));
            target[j] = share;
            lo[j] = low;
            hi[j] = high;
            solved[j] = clamped;
            previousSum += before;
            clampedSum += clamped;
            inside += clamped == share && share != low && share != high ? 1 : 0;
        }
        if (Math.abs(previousSum - 1.0) > 1e-12) {
            return false;
        }
        WeightMath.finishProjection(target, lo, hi, count, solved, clampedSum, inside);
        return true;
    }

    /**
     * Fills the raw weights of one client row when every round-trip time is known, reading the
     * context's matrix directly, which is the common case and the planner's innermost loop.
     *
     * @return their sum
     */
    private double rawWeightsKnown(PlanningContext context, int row) {
        double[] rtts = context.effectiveRtts();
        int offset = row * context.nodeCount();
        double rawSum = 0.0;
        for (int j = 0; j < count; j++) {
            raw[j] = costModel.rawWeight(rtts[offset + nodeIndex[j]], latency[j], multiplier[j]);
            rawSum += raw[j];
        }
        return rawSum;
    }

    /** Fills the raw weights of one client row whose unknown round-trip times need filling first. */
    private double rawWeights(PlanningContext context, int row) {
        for (int j = 0; j < count; j++) {
            rtt[j] = context.effectiveRtt(row, nodeIndex[j]);
        }
        CostModel.fillUnknownWithSlowest(rtt, count);
        double rawSum = 0.0;
        for (int j = 0; j < count; j++) {
            raw[j] = costModel.rawWeight(rtt[j], latency[j], multiplier[j]);
            rawSum += raw[j];
        }
        return rawSum;
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
            lo[j] = Math.max(effectiveFloor, share - maxChange);
            hi[j] = Math.min(1.0, share + maxChange);
        }
        // With the same eligible endpoints as last time the previous shares already sum to 1
        // above the floor, which is the common case, and the bounds above stand.
        if (Math.abs(sum - 1.0) > 1e-12 || smallest < effectiveFloor) {
            WeightMath.normalizeWithFloor(center, count, sum, effectiveFloor, centerNormalized, floored);
            for (int j = 0; j < count; j++) {
                lo[j] = Math.max(effectiveFloor, centerNormalized[j] - maxChange);
                hi[j] = Math.min(1.0, centerNormalized[j] + maxChange);
            }
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
