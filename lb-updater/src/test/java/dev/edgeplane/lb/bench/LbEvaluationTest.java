package dev.edgeplane.lb.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Path;
import java.util.Set;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The evaluation at a tenth of the reported request rate, which keeps each run well under a
 * second. The checks are on effects large enough to hold at that rate.
 */
class LbEvaluationTest {

    private static final PrintWriter QUIET = new PrintWriter(Writer.nullWriter());
    private static EvaluationReport report;

    @BeforeAll
    static void runEvaluation() {
        report = LbEvaluation.run(EvaluationSettings.defaults(null).withRateFactor(0.1), QUIET);
    }

    @Test
    void sameSeedGivesSameFigures() {
        EvaluationSettings settings = EvaluationSettings.defaults(null).withRateFactor(0.1)
                .withScenarios(Set.of("slow", "failing"));

        EvaluationReport again = LbEvaluation.run(settings, QUIET);

        assertThat(again.results()).containsExactlyElementsOf(report.results().subList(0, 12));
    }

    @Test
    void everyBalancerRunsEveryScenario() {
        assertThat(report.results()).hasSize(24);
        assertThat(report.results()).extracting(RunResult::balancer).containsOnly(
                "round-robin", "random", "least-request-p2c", "peak-ewma", "edgeplane", "edgeplane-proxy");
        assertThat(report.results()).allSatisfy(result ->
                assertThat(result.shares().stream().mapToDouble(Double::doubleValue).sum()).isCloseTo(1.0,
                        within(1e-9)));
    }

    @Test
    void slowReplicaHurtsRoundRobinTail() {
        RunResult roundRobin = report.result("slow", "round-robin").orElseThrow();
        RunResult edgeplane = report.result("slow", "edgeplane").orElseThrow();

        assertThat(roundRobin.p99Ms()).isGreaterThan(2_000);
        assertThat(roundRobin.focusShare()).isBetween(0.08, 0.10);
        assertThat(edgeplane.p99Ms() * EvaluationReport.SLOW_P99_FACTOR_GOAL).isLessThan(roundRobin.p99Ms());
        assertThat(edgeplane.focusShare()).isLessThan(0.02);
    }

    @Test
    void proxySendsStalledReplicaLessThanRules() {
        // At the reported rate: at a tenth of it, 250 ms windows eject the stalled replica about
        // as soon as the proxy's outstanding counts steer away from it, and the two are within noise.
        EvaluationReport fullRate = LbEvaluation.run(EvaluationSettings.defaults(null).withScenarios(Set.of("slow")),
                QUIET);
        RunResult rules = fullRate.result("slow", "edgeplane").orElseThrow();
        RunResult proxy = fullRate.result("slow", "edgeplane-proxy").orElseThrow();

        assertThat(proxy.focusShare()).isLessThan(rules.focusShare());
        assertThat(proxy.focusPeakShare()).isLessThan(rules.focusPeakShare());
    }

    @Test
    void proxyKeepsFailingReplicaMostlyOut() {
        RunResult roundRobin = report.result("failing", "round-robin").orElseThrow();
        RunResult proxy = report.result("failing", "edgeplane-proxy").orElseThrow();

        // At a tenth of the rate a window holds too few requests to eject at once, and a replica
        // that fails fast has no outstanding requests, so the proxy sends it more than the rules do.
        assertThat(proxy.focusShare()).isLessThan(roundRobin.focusShare() / 2);
    }

    @Test
    void fastFailingReplicaAttractsPeakEwma() {
        RunResult roundRobin = report.result("failing", "round-robin").orElseThrow();
        RunResult peakEwma = report.result("failing", "peak-ewma").orElseThrow();
        RunResult edgeplane = report.result("failing", "edgeplane").orElseThrow();

        assertThat(peakEwma.focusShare()).isGreaterThan(roundRobin.focusShare());
        assertThat(edgeplane.focusShare()).isLessThan(EvaluationReport.FAILING_SHARE_GOAL);
        assertThat(edgeplane.successRate()).isGreaterThan(roundRobin.successRate());
    }

    @Test
    void recoveredReplicaRampsWithoutSpike() {
        RunResult roundRobin = report.result("recovery", "round-robin").orElseThrow();
        RunResult edgeplane = report.result("recovery", "edgeplane").orElseThrow();

        assertThat(roundRobin.focusPeakShare()).isGreaterThan(0.15);
        assertThat(edgeplane.focusPeakShare()).isLessThan(0.05);
    }

    @Test
    void closerReplicasGetMoreTraffic() {
        RunResult edgeplane = report.result("links", "edgeplane").orElseThrow();
        RunResult roundRobin = report.result("links", "round-robin").orElseThrow();

        assertThat(edgeplane.focusShare()).as("share of the cloud replica").isLessThan(roundRobin.focusShare());
        assertThat(edgeplane.p50Ms()).isLessThan(roundRobin.p50Ms());
    }

    @Test
    void keyValueLineEndsReport() {
        String line = report.keyValueLine();

        assertThat(line).doesNotContain("\n").startsWith("lb-eval seed=42 links=constant ");
        assertThat(line).contains(" slow.edgeplane.p99_ms=", " goal.slow_p99_not_worse_than_peak_ewma=",
                " goal.slow_p99_5x_better_than_round_robin=true", " goal.failing_share_below_5pct=true");
        assertThat(line).contains(" slow.edgeplane-proxy.p99_ms=", " goal.proxy.slow_p99_not_worse_than_peak_ewma=");
        assertThat(report.table().lines().count()).isEqualTo(26);
    }

    @Test
    void invalidArgumentsAreRejected() {
        assertThatThrownBy(() -> LbEvaluation.parse(new String[] {"--color", "red"}))
                .hasMessage("Unknown option --color");
        assertThatThrownBy(() -> LbEvaluation.parse(new String[] {"--seed", "x"}))
                .hasMessage("Invalid number 'x' for --seed");
        assertThatThrownBy(() -> LbEvaluation.parse(new String[] {"--traces", "/nonexistent/traces"}))
                .hasMessageContaining("does not exist");
        assertThatThrownBy(() -> LbEvaluation.run(EvaluationSettings.defaults(null).withScenarios(Set.of("nope")), QUIET))
                .hasMessageContaining("Unknown scenario 'nope'");
    }

    @Test
    void argumentsSetEverySetting() {
        EvaluationSettings settings = LbEvaluation.parse(new String[] {"--seed", "7", "--rate-factor", "0.5",
                "--scenario", "slow", "--window-ms", "500", "--apply-delay-ms", "100",
                "--planner", "lb.weight.floor=0.001", "--traces", Path.of(".").toString()});

        assertThat(settings.seed()).isEqualTo(7);
        assertThat(settings.rateFactor()).isEqualTo(0.5);
        assertThat(settings.scenarios()).containsExactly("slow");
        assertThat(settings.windowMs()).isEqualTo(500);
        assertThat(settings.applyDelayMs()).isEqualTo(100);
        assertThat(settings.plannerSettings().get("lb.weight.floor")).isEqualTo("0.001");
        assertThat(settings.traces()).isEqualTo(Path.of("."));
    }
}
