package dev.edgeplane.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** The loop-delay benchmark with two faults: the whole pipeline on its own in-process broker. */
class LbLoopBenchmarkTest {

    @Test
    void ejectionsAreTimed() {
        StringWriter progress = new StringWriter();
        BenchmarkSettings settings = new BenchmarkSettings(1, 1, Map.of("faults", 2L));

        BenchmarkResult result = new LbLoopBenchmark().run(settings, new PrintWriter(progress, true));

        assertThat(result.benchmark()).isEqualTo("lb-loop");
        assertThat(result.figures()).containsEntry("ejections", "2").containsEntry("window.ms", "250");
        long p50 = Long.parseLong(result.figures().get("delay.p50.ms"));
        long max = Long.parseLong(result.figures().get("delay.max.ms"));
        // The score cannot leave before stream time passes the window end plus the 100 ms grace.
        assertThat(p50).isGreaterThanOrEqualTo(100);
        assertThat(max).isGreaterThanOrEqualTo(p50);
        assertThat(progress.toString()).contains("Window end to weights record over 2 ejections");
    }

    @Test
    void windowBelowMinimumRejected() {
        BenchmarkSettings settings = new BenchmarkSettings(1, 1, Map.of("window.ms", 50L));

        assertThatThrownBy(() -> new LbLoopBenchmark().validate(settings))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("window.ms=50");
    }
}
