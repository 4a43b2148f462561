package dev.edgeplane.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class LbPlanningBenchmarkTest {

    /** JMH does not start while another run holds its lock file, and this test checks only the harness. */
    @BeforeAll
    static void allowConcurrentJmhRuns() {
        System.setProperty("jmh.ignoreLock", "true");
    }

    @Test
    void runReportsMillisecondsPerCycle() {
        StringWriter progress = new StringWriter();

        BenchmarkResult result = new LbPlanningBenchmark(0, 1, 100, 3, false)
                .run(BenchmarkSettings.defaults(), new PrintWriter(progress, true));

        assertThat(result.benchmark()).isEqualTo("lb-planning");
        assertThat(result.figures()).containsEntry("services", "100").containsEntry("client.nodes", "3");
        assertThat(Double.parseDouble(result.figures().get("one.thread.redrawn.ms.per.cycle"))).isPositive();
        assertThat(Double.parseDouble(result.figures().get("one.thread.drifting.ms.per.cycle"))).isPositive();
        assertThat(result.figures()).doesNotContainKey("two.threads.redrawn.ms.per.cycle");
        assertThat(result.figures()).containsKeys("target.ms.per.cycle", "one.thread.within.target");
        assertThat(progress.toString()).contains("0 fork(s), 1 warm-up and 1 measured iterations of 1 s; 100 services x 10 endpoints x 3 client nodes");
    }
}
