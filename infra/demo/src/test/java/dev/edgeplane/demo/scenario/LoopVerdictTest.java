package dev.edgeplane.demo.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.edgeplane.demo.report.AuditTrailCheck;
import org.junit.jupiter.api.Test;

class LoopVerdictTest {

    private static final Instant FAULT = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void closedWhenEveryStepHappenedAndTheTrailIsComplete() {
        LoopVerdict verdict = new LoopVerdict(FAULT, allSteps(), audit(List.of()), null);

        assertThat(verdict.closed()).isTrue();
        assertThat(verdict.exitStatus()).isZero();
        assertThat(verdict.message()).startsWith("Loop closed");
    }

    @Test
    void namesTheFirstMissingStep() {
        Map<String, Instant> steps = allSteps();
        steps.remove("evicted");
        steps.remove("ramped back");

        LoopVerdict verdict = new LoopVerdict(FAULT, steps, audit(List.of()), null);

        assertThat(verdict.exitStatus()).isEqualTo(4);
        assertThat(verdict.missing()).containsExactly("evicted", "ramped back");
        assertThat(verdict.message()).contains("step 'evicted' did not happen").contains("also missing: ramped back");
    }

    @Test
    void auditGapsAloneGiveTheirOwnStatus() {
        LoopVerdict verdict = new LoopVerdict(FAULT, allSteps(), audit(List.of("decision d-1 has no audited outcome")), null);

        assertThat(verdict.exitStatus()).isEqualTo(3);
        assertThat(verdict.message()).contains("audit trail has 1 gaps").contains("d-1");
    }

    private static Map<String, Instant> allSteps() {
        Map<String, Instant> steps = new HashMap<>();
        for (int i = 0; i < LoopVerdict.STEPS.size(); i++) {
            steps.put(LoopVerdict.STEPS.get(i), FAULT.plusSeconds(i + 1));
        }
        return steps;
    }

    private static AuditTrailCheck.Result audit(List<String> problems) {
        return new AuditTrailCheck.Result(1, 1, 1, 1, problems);
    }
}
