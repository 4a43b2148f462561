package dev.edgeplane.scheduler.reconcile.internal;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** Builds status conditions that keep their transition time while their status stays the same. */
final class Conditions {

  private Conditions() {
  }

  /**
   * Returns the condition, with the last transition time of the previous condition of its type when
   * the status did not change, and now otherwise.
   */
  static Condition condition(List<Condition> previous, String type, boolean status, String reason,
      String message, long generation, Instant now) {
    String value = status ? "True" : "False";
    String transition = previous.stream()
        .filter(c -> type.equals(c.getType()) && value.equals(c.getStatus()))
        .map(Condition::getLastTransitionTime)
        .filter(Objects::nonNull)
        .findFirst()
        .orElse(now.truncatedTo(ChronoUnit.SECONDS).toString());
    return new ConditionBuilder()
        .withType(type)
        .withStatus(value)
        .withReason(reason)
        .withMessage(message)
        .withObservedGeneration(generation)
        .withLastTransitionTime(transition)
        .build();
  }

  static List<Condition> list(Condition... conditions) {
    return new ArrayList<>(List.of(conditions));
  }
}
