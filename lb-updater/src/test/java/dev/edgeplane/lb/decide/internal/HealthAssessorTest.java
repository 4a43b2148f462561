package dev.edgeplane.lb.decide.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The peer median that a latency outlier is judged against. */
class HealthAssessorTest {

    @Test
    void medianWithoutLeavesOneEntryOut() {
        double[] sorted = {10, 20, 30, 40};

        assertThat(HealthAssessor.medianWithout(sorted, 4, 40)).isEqualTo(20);
        assertThat(HealthAssessor.medianWithout(sorted, 4, 10)).isEqualTo(30);
        assertThat(HealthAssessor.medianWithout(sorted, 3, 20)).isEqualTo(20);
    }

    @Test
    void medianWithoutUnknownEntryKeepsAll() {
        double[] sorted = {10, 20, 30, 40};

        assertThat(HealthAssessor.medianWithout(sorted, 4, Double.NaN)).isEqualTo(25);
        assertThat(HealthAssessor.medianWithout(sorted, 4, 99)).isEqualTo(25);
    }

    @Test
    void medianWithoutLastEntryIsNaN() {
        assertThat(HealthAssessor.medianWithout(new double[] {10}, 1, 10)).isNaN();
        assertThat(HealthAssessor.medianWithout(new double[0], 0, Double.NaN)).isNaN();
    }
}
