package dev.edgeplane.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SchedulerBenchmarkTest {

    @Test
    void tinyRunReportsCycleBaselineAndBinds() {
        StringWriter progress = new StringWriter();
        BenchmarkSettings tiny = new BenchmarkSettings(1, 1, Map.of("nodes.small", 4L, "nodes.large", 8L, "pods", 60L,
                "bind.pods", 10L, "locations", 2L));

        BenchmarkResult result = new SchedulerBenchmark().run(tiny, new PrintWriter(progress, true));

        assertThat(result.line()).startsWith("bench=scheduler pods=60 bind.pods=10 locations=2 small.nodes=4");
        for (String size : new String[] {"small", "large"}) {
            assertThat(Double.parseDouble(result.figures().get(size + ".cycle.pods.per.sec"))).as(size).isPositive();
            assertThat(Double.parseDouble(result.figures().get(size + ".filter.only.pods.per.sec"))).as(size).isPositive();
            assertThat(Double.parseDouble(result.figures().get(size + ".bind.pods.per.sec"))).as(size).isPositive();
            assertThat(Double.parseDouble(result.figures().get(size + ".plain.bind.pods.per.sec"))).as(size).isPositive();
            assertThat(result.figures()).containsKey(size + ".cycle.to.filter.only").containsKey(size + ".bind.p99.ms")
                    .containsKey(size + ".bind.to.plain.bind");
        }
        assertThat(progress.toString()).contains("bound 10 pods").contains("plain bind loop");
    }

    @Test
    void fewerNodesThanLocationsRejected() {
        BenchmarkSettings settings = new BenchmarkSettings(1, 1, Map.of("nodes.small", 3L, "locations", 5L));

        assertThatThrownBy(() -> new SchedulerBenchmark().validate(settings))
                .hasMessage("nodes.small=3 is below locations=5: give at least one node per location");
    }
}
