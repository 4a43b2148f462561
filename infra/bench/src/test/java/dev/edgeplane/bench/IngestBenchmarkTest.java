package dev.edgeplane.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;

import org.junit.jupiter.api.Test;

class IngestBenchmarkTest {

    @Test
    void smallRunReportsRatio() {
        StringWriter progress = new StringWriter();
        BenchmarkSettings settings = new BenchmarkSettings(1, 1, Map.of("events", 2_000L, "batch", 500L, "senders", 2L, "rounds", 2L));

        BenchmarkResult result = new IngestBenchmark().run(settings, new PrintWriter(progress));

        assertThat(result.benchmark()).isEqualTo("ingest");
        assertThat(result.figures()).containsEntry("part", "ingest-gateway").containsEntry("events", "2000")
                .containsEntry("batch.events", "500").containsEntry("rounds", "2")
                .containsKeys("gateway.events.per.sec", "baseline.records.per.sec", "gateway.cpu.us.per.event",
                        "baseline.cpu.us.per.record", "cpu.ratio");
        assertThat(result.figures().get("ratios").split("/")).hasSize(2);
        assertThat(Double.parseDouble(result.figures().get("ratio"))).isPositive();
        assertThat(progress.toString()).contains("Round 2 of 2: gateway").contains("(4 batches of 500 from 2 senders)");
    }
}
