package dev.edgeplane.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ControllerBenchmarkTest {

  @Test
  void tinyRunConvergesAndReportsRatesAgainstBaseline() {
    StringWriter progress = new StringWriter();
    BenchmarkSettings tiny = new BenchmarkSettings(1, 1, Map.of("fogservices", 5L, "pods", 20L, "nodes", 10L));

    BenchmarkResult result = new ControllerBenchmark().run(tiny, new PrintWriter(progress, true));

    assertThat(result.figures()).containsEntry("fogservices", "5").containsEntry("pods", "20")
        .containsEntry("nodes", "10").containsEntry("workers", "2");
    assertThat(Double.parseDouble(result.figures().get("converge.seconds"))).isPositive();
    assertThat(Double.parseDouble(result.figures().get("controller.pods.per.sec"))).isPositive();
    assertThat(Double.parseDouble(result.figures().get("baseline.pods.per.sec"))).isPositive();
    assertThat(result.line()).startsWith("bench=controller fogservices=5 pods=20 nodes=10");
    assertThat(progress.toString()).contains("Added 10 nodes").contains("Baseline: created 20 pods directly");
  }

  @Test
  void podsMustSplitEvenlyOverFogServices() {
    BenchmarkSettings uneven = new BenchmarkSettings(1, 1, Map.of("fogservices", 3L, "pods", 10L, "nodes", 3L));

    assertThatThrownBy(() -> new ControllerBenchmark().validate(uneven))
        .hasMessageContaining("pods=10 is not a multiple of fogservices=3");
  }
}
