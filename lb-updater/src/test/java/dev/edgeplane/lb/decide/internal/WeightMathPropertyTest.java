package dev.edgeplane.lb.decide.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.Scale;

class WeightMathPropertyTest {

    @Property(tries = 500)
    void floorNormalizationSumsToOneAboveFloor(@ForAll("rawWeights") List<Double> raw,
            @ForAll @DoubleRange(min = 0.0, max = 0.5) @Scale(6) double floor) {
        int count = raw.size();
        double[] values = raw.stream().mapToDouble(Double::doubleValue).toArray();
        double[] out = new double[count];

        WeightMath.normalizeWithFloor(values, count, sum(values), floor, out, new boolean[count]);

        double effectiveFloor = Math.min(floor, 1.0 / count);
        assertThat(sum(out)).isCloseTo(1.0, within(1e-9));
        for (int i = 0; i < count; i++) {
            assertThat(out[i]).isGreaterThanOrEqualTo(effectiveFloor - 1e-12);
            for (int j = 0; j < count; j++) {
                if (values[i] < values[j]) {
                    assertThat(out[i]).as("order of %s and %s", i, j).isLessThanOrEqualTo(out[j] + 1e-12);
                }
            }
        }
    }

    @Property(tries = 500)
    void floorNormalizationKeepsProportionsAboveFloor(@ForAll("rawWeights") List<Double> raw,
            @ForAll @DoubleRange(min = 0.0, max = 0.2) @Scale(6) double floor) {
        int count = raw.size();
        double[] values = raw.stream().mapToDouble(Double::doubleValue).toArray();
        double[] out = new double[count];
        Assume.that(count * floor < 1.0);

        WeightMath.normalizeWithFloor(values, count, sum(values), floor, out, new boolean[count]);

        double ratio = Double.NaN;
        for (int i = 0; i < count; i++) {
            if (out[i] > floor + 1e-12) {
                if (Double.isNaN(ratio)) {
                    ratio = out[i] / values[i];
                }
                assertThat(out[i] / values[i]).isCloseTo(ratio, within(Math.abs(ratio) * 1e-9));
            }
        }
    }

    @Property(tries = 1000)
    void projectionStaysInBoxAndSumsToOne(@ForAll("shares") List<Double> shares,
            @ForAll("shares") List<Double> centers, @ForAll @DoubleRange(min = 0.001, max = 1.0) @Scale(6) double step) {
        int count = Math.min(shares.size(), centers.size());
        double[] target = normalised(shares, count);
        double[] center = normalised(centers, count);
        double[] lo = new double[count];
        double[] hi = new double[count];
        for (int i = 0; i < count; i++) {
            lo[i] = Math.max(0.0, center[i] - step);
            hi[i] = Math.min(1.0, center[i] + step);
        }
        double[] out = new double[count];

        WeightMath.projectOntoBox(target, lo, hi, count, out);

        assertThat(sum(out)).isCloseTo(1.0, within(1e-9));
        for (int i = 0; i < count; i++) {
            assertThat(out[i]).isBetween(lo[i] - 1e-12, hi[i] + 1e-12);
        }
    }

    @Property(tries = 300)
    void projectionKeepsTargetInsideBox(@ForAll("shares") List<Double> shares) {
        int count = shares.size();
        double[] target = normalised(shares, count);
        double[] lo = new double[count];
        double[] hi = new double[count];
        for (int i = 0; i < count; i++) {
            lo[i] = target[i] / 2;
            hi[i] = Math.min(1.0, target[i] * 2);
        }
        double[] out = new double[count];

        WeightMath.projectOntoBox(target, lo, hi, count, out);

        assertThat(out).containsExactly(target);
    }

    @Provide
    Arbitrary<List<Double>> rawWeights() {
        Arbitrary<Double> tiny = Arbitraries.doubles().between(1e-12, 1e-6).ofScale(15);
        Arbitrary<Double> ordinary = Arbitraries.doubles().between(1e-6, 1e3).ofScale(9);
        return Arbitraries.frequencyOf(Tuple.of(1, tiny), Tuple.of(5, ordinary))
                .list().ofMinSize(1).ofMaxSize(16);
    }

    @Provide
    Arbitrary<List<Double>> shares() {
        return Arbitraries.doubles().between(0.0, 1.0).ofScale(9).list().ofMinSize(1).ofMaxSize(16)
                .filter(list -> list.stream().mapToDouble(Double::doubleValue).sum() > 1e-6);
    }

    private static double[] normalised(List<Double> values, int count) {
        double total = 0.0;
        for (int i = 0; i < count; i++) {
            total += values.get(i);
        }
        double[] out = new double[count];
        for (int i = 0; i < count; i++) {
            out[i] = total > 0.0 ? values.get(i) / total : 1.0 / count;
        }
        return out;
    }

    private static double sum(double[] values) {
        double total = 0.0;
        for (double value : values) {
            total += value;
        }
        return total;
    }
}
