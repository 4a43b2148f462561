package dev.edgeplane.scheduler.schedule;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Where the scheduling framework would place a pod, and why: the best feasible node, the score of
 * every feasible node, and how many nodes each filter plugin ruled out for which reason.
 *
 * @param pod            {@code namespace/name}
 * @param node           best feasible node, or empty when no node is feasible
 * @param nodes          nodes considered, feasible or not
 * @param scores         every feasible node's score, best first
 * @param filtered       filter plugin name to reason to the number of nodes it ruled out
 * @param fallbacks      plugins that used their declared fallback because the network view was stale
 *                       or had no sample
 */
public record Prediction(String pod, Optional<String> node, int nodes, List<NodeScore> scores,
    Map<String, Map<String, Integer>> filtered, List<String> fallbacks) {

  public Prediction {
    scores = List.copyOf(scores);
    filtered = Map.copyOf(filtered);
    fallbacks = List.copyOf(fallbacks);
  }

  public boolean feasible() {
    return node.isPresent();
  }

  /** Returns the score of the named node, or empty when it is not feasible for the pod. */
  public Optional<NodeScore> scoreOf(String nodeName) {
    return scores.stream().filter(s -> s.node().equals(nodeName)).findFirst();
  }

  /**
   * Returns a summary in the form the Kubernetes scheduler uses, such as
   * {@code 0/12 nodes available: 7 wrong location, 5 real-time bandwidth.}, reasons with most nodes
   * first.
   */
  public String message() {
    Map<String, Integer> byReason = filtered.values().stream()
        .flatMap(m -> m.entrySet().stream())
        .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue, Integer::sum));
    String reasons = byReason.entrySet().stream()
        .sorted(Map.Entry.<String, Integer>comparingByValue(Comparator.reverseOrder())
            .thenComparing(Map.Entry.comparingByKey()))
        .map(e -> e.getValue() + " " + e.getKey())
        .collect(Collectors.joining(", "));
    return scores.size() + "/" + nodes + " nodes available" + (reasons.isEmpty() ? "." : ": " + reasons + ".");
  }
}
