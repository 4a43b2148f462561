package dev.edgeplane.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SerdesBenchmarkTest {

    /**
     * JMH refuses to start while another JMH run on the machine holds /tmp/jmh.lock. This test checks
     * the harness, not the figures, so it may run next to another benchmark.
     */
    @BeforeAll
    static void allowConcurrentJmhRuns() {
        System.setProperty("jmh.ignoreLock", "true");
    }

    @Test
    void runReportsBothTimesAndRatio() {
        StringWriter progress = new StringWriter();

        BenchmarkResult result = new SerdesBenchmark(0, 1).run(BenchmarkSettings.defaults(), new PrintWriter(progress, true));

        assertThat(result.benchmark()).isEqualTo("serdes");
        assertThat(Double.parseDouble(result.figures().get("wire.ns.per.op"))).isPositive();
        assertThat(Double.parseDouble(result.figures().get("plain.ns.per.op"))).isPositive();
        assertThat(Double.parseDouble(result.figures().get("ratio"))).isPositive();
        assertThat(result.figures()).containsKeys("fastest.iteration.ratio", "target.ratio", "within.target");
        assertThat(progress.toString()).contains("0 fork(s), 1 warm-up and 1 measured iterations");
    }
}
