package dev.edgeplane.lb.decide.internal;

import java.util.Arrays;

/**
 * The two normalisations of the weight planner, on plain arrays so that a plan allocates nothing.
 * Every method reads and writes the first {@code count} entries of its arrays only.
 */
public final class WeightMath {

    private WeightMath() {
    }

    /**
     * Scales non-negative values into shares that sum to 1, none below {@code floor}: out[i] =
     * max(floor, c x values[i]) for the one c that makes the sum 1, so a value of 0 gets the floor.
     * When count x floor >= 1, or every value is 0, every share is 1 / count.
     *
     * @param sum the sum of the values, which callers have at hand
     * @param floored scratch space of at least {@code count} entries
     */
    public static void normalizeWithFloor(double[] values, int count, double sum, double floor, double[] out,
            boolean[] floored) {
        if (count * floor >= 1.0 - 1e-12 || !(sum > 0.0) || Double.isInfinite(sum)) {
            Arrays.fill(out, 0, count, 1.0 / count);
            return;
        }
        double scale = 1.0 / sum;
        boolean belowFloor = false;
        for (int i = 0; i < count; i++) {
            out[i] = scale * values[i];
            belowFloor |= out[i] < floor;
        }
        if (!belowFloor) {
            return;
        }

        // Each pass floors the values that fall below the floor at the current scale. The scale
        // only shrinks from pass to pass, so a floored value never needs to come back.
        double freeSum = sum;
        for (int i = 0; i < count; i++) {
            floored[i] = false;
        }
        int flooredCount = 0;
        boolean changed;
        do {
            scale = (1.0 - flooredCount * floor) / freeSum;
            changed = false;
            for (int i = 0; i < count; i++) {
                if (!floored[i] && scale * values[i] < floor) {
                    floored[i] = true;
                    flooredCount++;
                    freeSum -= values[i];
                    changed = true;
                }
            }
        } while (changed);

        for (int i = 0; i < count; i++) {
            out[i] = floored[i] ? floor : scale * values[i];
        }
    }

    /**
     * Projects shares that sum to 1 onto the box lo <= out <= hi while keeping the sum at 1: out[i]
     * = clamp(target[i] + shift, lo[i], hi[i]) for the shift that makes the sum 1. This is the
     * Euclidean projection onto the intersection of the box and the simplex. When the box cannot
     * hold a sum of 1 the result is the box corner nearest to it (all lo or all hi).
     */
    public static void projectOntoBox(double[] target, double[] lo, double[] hi, int count, double[] out) {
        double sum = 0.0;
        int slope = 0;
        for (int i = 0; i < count; i++) {
            double value = target[i];
            double clamped = Math.max(lo[i], Math.min(hi[i], value));
            out[i] = clamped;
            sum += clamped;
            slope += clamped == value && value != lo[i] && value != hi[i] ? 1 : 0;
        }
        finishProjection(target, lo, hi, count, out, sum, slope);
    }

    /**
     * Completes {@link #projectOntoBox} from its first step, which a caller may fuse into a loop
     * of its own: {@code out} already contains the clamped target (shift 0), {@code sum} its sum and
     * {@code slope} the number of shares strictly inside their bounds.
     */
    public static void finishProjection(double[] target, double[] lo, double[] hi, int count, double[] out,
            double sum, int slope) {
        // The clamped sum is a non-decreasing, piecewise linear function of the shift, and its
        // slope is the number of shares strictly inside their bounds. Newton steps land on the
        // exact shift once they reach its segment, which usually takes one step from shift 0 (the
        // target itself). A bracket around the root turns any step that leaves it, or a flat
        // segment, into a bisection, so the search always converges. Sorting the kinks instead
        // would cost more for the ten or so endpoints of a service.
        double below = Double.NEGATIVE_INFINITY;
        double above = Double.POSITIVE_INFINITY;
        double shift = 0.0;
        for (int step = 0; step < 200; step++) {
            if (step > 0) {
                sum = 0.0;
                slope = 0;
                for (int i = 0; i < count; i++) {
                    double value = target[i] + shift;
                    double clamped = Math.max(lo[i], Math.min(hi[i], value));
                    out[i] = clamped;
                    sum += clamped;
                    slope += clamped == value && value != lo[i] && value != hi[i] ? 1 : 0;
                }
            }
            double error = 1.0 - sum;
            if (Math.abs(error) <= 1e-13 || above - below <= 1e-15) {
                return;
            }
            if (error > 0) {
                below = shift;
            } else {
                above = shift;
            }
            double next = slope > 0 ? shift + error / slope : Double.NaN;
            if (!(next > below && next < above)) {
                if (error > 0 && above == Double.POSITIVE_INFINITY) {
                    above = extremeShift(target, hi, count, true);
                } else if (error < 0 && below == Double.NEGATIVE_INFINITY) {
                    below = extremeShift(target, lo, count, false);
                }
                next = (below + above) / 2;
            }
            shift = next;
        }
    }

    /**
     * Returns the shift at which every share reaches the given bound: the largest bound - target
     * for upper bounds, the smallest for lower bounds.
     */
    private static double extremeShift(double[] target, double[] bound, int count, boolean upper) {
        double extreme = upper ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        for (int i = 0; i < count; i++) {
            double shift = bound[i] - target[i];
            extreme = upper ? Math.max(extreme, shift) : Math.min(extreme, shift);
        }
        return extreme;
    }

    private static double clamp(double value, double lo, double hi) {
        return value < lo ? lo : (value > hi ? hi : value);
    }
}
