package dev.edgeplane.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;

import org.junit.jupiter.api.Test;

class SimulateBenchmarkTest {

    @Test
    void runReportsRatioToRawProducer() {
        StringWriter progress = new StringWriter();

        BenchmarkResult result = new SimulateBenchmark().run(new BenchmarkSettings(2_000, 512, Map.of("nodes", 10L)),
                new PrintWriter(progress, true));

        assertThat(result.benchmark()).isEqualTo("simulate");
        assertThat(result.figures()).containsEntry("nodes", "10").containsEntry("threads", "2");
        assertThat(Long.parseLong(result.figures().get("events"))).isGreaterThanOrEqualTo(2_000);
        assertThat(Double.parseDouble(result.figures().get("simulate.events.per.sec"))).isPositive();
        assertThat(Double.parseDouble(result.figures().get("simulate.to.raw"))).isPositive();
        assertThat(result.figures()).containsKeys("raw.records.per.sec", "event.mean.bytes", "within.target");
        assertThat(progress.toString()).contains("Simulating 10 nodes on 2 threads until 2,000 events are produced");
    }

    @Test
    void nodeCountOutsideRangeIsRejected() {
        BenchmarkSettings settings = new BenchmarkSettings(2_000, 512, Map.of("nodes", 10_001L));

        assertThatThrownBy(() -> new SimulateBenchmark().validate(settings))
                .hasMessageContaining("Invalid count nodes=10001");
    }
}
