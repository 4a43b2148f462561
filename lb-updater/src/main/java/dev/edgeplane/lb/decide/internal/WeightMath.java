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
     * @param floored scratch space of at least {@code count} entries
     */
    public static void normalizeWithFloor(double[] values, int count, double floor, double[] out, boolean[] floored) {
        if (count * floor >= 1.0 - 1e-12) {
            Arrays.fill(out, 0, count, 1.0 / count);
            return;
        }
        double freeSum = 0.0;
        for (int i = 0; i < count; i++) {
            freeSum += values[i];
            floored[i] = false;
        }
        if (!(freeSum > 0.0) || Double.isInfinite(freeSum)) {
            Arrays.fill(out, 0, count, 1.0 / count);
            return;
        }

        // Each pass floors the values that fall below the floor at the current scale. The scale
        // only shrinks from pass to pass, so a floored value never needs to come back.
        int flooredCount = 0;
        double scale;
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
     *
     * @param breakpoints scratch space of at least 2 x {@code count} entries
     */
    public static void projectOntoBox(double[] target, double[] lo, double[] hi, int count, double[] out,
            double[] breakpoints) {
        boolean inside = true;
        for (int i = 0; i < count && inside; i++) {
            inside = target[i] >= lo[i] && target[i] <= hi[i];
        }
        if (inside) {
            System.arraycopy(target, 0, out, 0, count);
            return;
        }

        // The clamped sum is a non-decreasing, piecewise linear function of the shift. Its kinks lie
        // where a share reaches one of its bounds, so a binary search over them finds the segment
        // where the sum crosses 1.
        for (int i = 0; i < count; i++) {
            breakpoints[2 * i] = lo[i] - target[i];
            breakpoints[2 * i + 1] = hi[i] - target[i];
        }
        int kinks = 2 * count;
        Arrays.sort(breakpoints, 0, kinks);

        double shift;
        if (clampedSum(target, lo, hi, count, breakpoints[0]) >= 1.0) {
            shift = breakpoints[0];
        } else if (clampedSum(target, lo, hi, count, breakpoints[kinks - 1]) <= 1.0) {
            shift = breakpoints[kinks - 1];
        } else {
            int low = 0;
            int high = kinks - 1;
            while (high - low > 1) {
                int middle = (low + high) >>> 1;
                if (clampedSum(target, lo, hi, count, breakpoints[middle]) < 1.0) {
                    low = middle;
                } else {
                    high = middle;
                }
            }
            double sumLow = clampedSum(target, lo, hi, count, breakpoints[low]);
            double sumHigh = clampedSum(target, lo, hi, count, breakpoints[high]);
            shift = sumHigh == sumLow
                    ? breakpoints[low]
                    : breakpoints[low] + (1.0 - sumLow) * (breakpoints[high] - breakpoints[low]) / (sumHigh - sumLow);
        }

        for (int i = 0; i < count; i++) {
            out[i] = clamp(target[i] + shift, lo[i], hi[i]);
        }
    }

    private static double clampedSum(double[] target, double[] lo, double[] hi, int count, double shift) {
        double sum = 0.0;
        for (int i = 0; i < count; i++) {
            sum += clamp(target[i] + shift, lo[i], hi[i]);
        }
        return sum;
    }

    private static double clamp(double value, double lo, double hi) {
        return value < lo ? lo : (value > hi ? hi : value);
    }
}
