package dev.edgeplane.ingest.agent.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;

import org.junit.jupiter.api.Test;

class ProbeBurstTest {

    @Test
    void meanJitterAndLoss() {
        ProbeBurst burst = new ProbeBurst(5, List.of(100.0, 300.0, 200.0, 200.0));

        assertThat(burst.meanRttMicros()).isCloseTo(200.0, within(1e-9));
        // |300-100| + |200-300| + |200-200| over three differences.
        assertThat(burst.jitterMicros()).isCloseTo(100.0, within(1e-9));
        assertThat(burst.lossRatio()).isCloseTo(0.2, within(1e-9));
    }

    @Test
    void oneAnswerHasNoJitter() {
        ProbeBurst burst = new ProbeBurst(3, List.of(150.0));

        assertThat(burst.meanRttMicros()).isEqualTo(150.0);
        assertThat(burst.jitterMicros()).isNull();
        assertThat(burst.lossRatio()).isCloseTo(2.0 / 3, within(1e-9));
    }

    @Test
    void noAnswerHasNoRoundTripTime() {
        ProbeBurst burst = new ProbeBurst(4, List.of());

        assertThat(burst.meanRttMicros()).isNull();
        assertThat(burst.jitterMicros()).isNull();
        assertThat(burst.lossRatio()).isEqualTo(1.0);
    }

    @Test
    void moreAnswersThanProbesIsRejected() {
        assertThatThrownBy(() -> new ProbeBurst(1, List.of(1.0, 2.0))).isInstanceOf(IllegalArgumentException.class);
    }
}
