package dev.edgeplane.scheduler.executor.internal;

import dev.edgeplane.scheduler.executor.Prediction;
import java.util.Map;

/**
 * The result of the safety gates for one decision: either every gate passed, or the first gate
 * that held the decision back, with a sentence that gives the reason.
 *
 * @param gate the gate that held the decision back, or null when every gate passed
 * @param reason why, naming the values compared; for a pass, what the eviction will do
 * @param prediction the scheduler's prediction, or null when the gates stopped before asking
 * @param details facts for the audit record, name to value
 */
public record GateVerdict(Gate gate, String reason, Prediction prediction, Map<String, String> details) {

  public GateVerdict {
    details = Map.copyOf(details);
  }

  static GateVerdict stop(Gate gate, String reason, Prediction prediction, Map<String, String> details) {
    return new GateVerdict(gate, reason, prediction, details);
  }

  static GateVerdict pass(String reason, Prediction prediction, Map<String, String> details) {
    return new GateVerdict(null, reason, prediction, details);
  }

  public boolean passed() {
    return gate == null;
  }
}
