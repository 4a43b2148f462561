package dev.edgeplane.scheduler.executor;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The scheduler's placement of a pod now: the best feasible node and its score, or no node with
 * the reasons nodes were filtered out, such as {@code "3 wrong location"}.
 *
 * @param targetNode the best feasible node, or null when no node passes the filters
 * @param targetScore the weighted score of {@code targetNode}, from 0 to 100, or null when unknown
 * @param currentScore the score of the pod's current node, from 0 to 100, or null when the current
 *     node is filtered out or the score is unknown
 * @param reasons why nodes were filtered out, one phrase each; may be empty
 */
public record Prediction(String targetNode, Double targetScore, Double currentScore, List<String> reasons) {

  public Prediction {
    reasons = List.copyOf(Objects.requireNonNull(reasons, "reasons"));
  }

  /** Creates a prediction of a feasible node. */
  public static Prediction feasible(String targetNode, Double targetScore, Double currentScore) {
    return new Prediction(Objects.requireNonNull(targetNode, "targetNode"), targetScore, currentScore, List.of());
  }

  /** Creates a prediction without a feasible node, with the reasons. */
  public static Prediction infeasible(List<String> reasons) {
    return new Prediction(null, null, null, reasons);
  }

  /** Returns whether some node passes every filter. */
  public boolean isFeasible() {
    return targetNode != null;
  }

  /** Returns the best feasible node, if there is one. */
  public Optional<String> target() {
    return Optional.ofNullable(targetNode);
  }
}
