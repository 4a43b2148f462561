package dev.edgeplane.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import dev.edgeplane.anomaly.AnomalyConfig;
import dev.edgeplane.bench.internal.DetectionLatencyRun;
import org.junit.jupiter.api.Test;

class AnomalyBenchmarkTest {

    @Test
    void registeredWithCounts() {
        Benchmark benchmark = Benchmarks.byName("anomaly");

        assertThat(benchmark).isInstanceOf(AnomalyBenchmark.class);
        assertThat(benchmark.countDefaults()).containsKeys("events", "nodes", "faults", "latency.nodes",
                "pane.ms", "commit.ms", "linger.ms", "batch.bytes", "max.poll.records");
    }

    @Test
    void clientCountsPassedOnlyWhenGiven() {
        BenchmarkSettings settings = new BenchmarkSettings(1, 1, Map.of("commit.ms", 500L, "max.poll.records", 5000L));

        Map<String, Object> application = AnomalyBenchmark.settings("127.0.0.1:9092", "bench", Path.of("state"),
                AnomalyBenchmark.counts(settings), settings.counts().keySet());

        assertThat(application).containsEntry("commit.interval.ms", 500L);
        assertThat(application).containsEntry("main.consumer.max.poll.records", 5000);
        assertThat(application).doesNotContainKey("producer.linger.ms");
        assertThat(application).doesNotContainKey("producer.batch.size");
    }

    @Test
    void commitIntervalDefaultsToApplications() {
        BenchmarkSettings settings = new BenchmarkSettings(1, 1, Map.of());

        Map<String, Object> application = AnomalyBenchmark.settings("127.0.0.1:9092", "bench", Path.of("state"),
                AnomalyBenchmark.counts(settings), settings.counts().keySet());

        assertThat(application).containsEntry("commit.interval.ms", AnomalyConfig.DEFAULT_COMMIT_INTERVAL_MS);
    }

    @Test
    void tooFewNodesRejected() {
        BenchmarkSettings settings = new BenchmarkSettings(1, 1, Map.of("latency.nodes", 2L));

        assertThatThrownBy(() -> new AnomalyBenchmark().validate(settings))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("latency.nodes=2")
                .hasMessageContaining("at least 2 and 4 nodes");
    }

    @Test
    void paneNotDividingWindowRejected() {
        BenchmarkSettings settings = new BenchmarkSettings(1, 1, Map.of("pane.ms", 300L));

        assertThatThrownBy(() -> new AnomalyBenchmark().validate(settings))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("pane.ms=300")
                .hasMessageContaining("divisor");
    }

    @Test
    void quantileUsesNearestRank() {
        List<Long> values = List.of(5L, 1L, 4L, 2L, 3L);

        assertThat(DetectionLatencyRun.quantile(values, 0.5)).isEqualTo(3L);
        assertThat(DetectionLatencyRun.quantile(values, 0.99)).isEqualTo(5L);
        assertThat(DetectionLatencyRun.quantile(values, 0.2)).isEqualTo(1L);
    }
}
