package dev.edgeplane.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Set;

import dev.edgeplane.lb.bench.EvaluationSettings;
import org.junit.jupiter.api.Test;

class LbBenchmarkTest {

    @Test
    void runReportsFiguresOfEveryBalancer() {
        StringWriter progress = new StringWriter();
        EvaluationSettings tiny = EvaluationSettings.defaults(null).withRateFactor(0.05).withScenarios(Set.of("failing"));

        BenchmarkResult result = new LbBenchmark(tiny).run(BenchmarkSettings.defaults(), new PrintWriter(progress, true));

        assertThat(result.benchmark()).isEqualTo("lb");
        assertThat(result.figures()).containsEntry("seed", "42").containsEntry("links", "constant");
        for (String balancer : new String[] {"round-robin", "random", "least-request-p2c", "peak-ewma", "edgeplane"}) {
            assertThat(result.figures()).containsKeys("failing." + balancer + ".p99.ms", "failing." + balancer + ".focus.share");
        }
        assertThat(result.figures()).containsKey("goal.failing.share.below.5pct");
        assertThat(progress.toString()).contains("failing/edgeplane: ").contains("| scenario | balancer |");
    }

    @Test
    void figuresRejectTokenWithoutEquals() {
        assertThatThrownBy(() -> LbBenchmark.figures("lb-eval seed=1 broken"))
                .isInstanceOf(BenchmarkException.class)
                .hasMessage("The evaluation printed 'broken', which is not key=value");
    }
}
