package dev.edgeplane.scheduler.executor.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.edgeplane.event.decision.RescheduleDecision;
import dev.edgeplane.event.decision.RescheduleStrategy;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class DecisionReaderTest {

  private static RescheduleDecision.Builder decision() {
    return RescheduleDecision.newBuilder()
        .setDecisionId("d-1").setDecidedTime(Instant.parse("2026-01-01T00:00:00Z"))
        .setNamespace("city").setPod("camera-1").setPodUid("uid-1").setFogService("camera")
        .setFromNode("edge-1").setStrategy(RescheduleStrategy.DEGRADED_NODE);
  }

  @Test
  void validDecisionHasNoProblems() {
    assertThat(DecisionReader.problems(decision().build(), bytes("city/camera-1"))).isEmpty();
  }

  @Test
  void emptyFieldsAreNamed() {
    RescheduleDecision decision = decision().setPodUid(" ").setFromNode("").build();

    assertThat(DecisionReader.problems(decision, null)).containsExactly("podUid is empty", "fromNode is empty");
  }

  @Test
  void keyOfAnotherPodIsRejected() {
    assertThat(DecisionReader.problems(decision().build(), bytes("city/camera-2")))
        .containsExactly("the record key is 'city/camera-2' but the decision is about pod 'city/camera-1'");
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
