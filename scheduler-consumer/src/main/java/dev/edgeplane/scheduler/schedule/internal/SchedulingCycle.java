package dev.edgeplane.scheduler.schedule.internal;

import dev.edgeplane.scheduler.schedule.NodeScore;
import dev.edgeplane.scheduler.schedule.Prediction;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Runs the filter and score plugins for one pod over the cluster state, as the Kubernetes scheduling
 * framework's scheduling cycle does, and returns a {@link Prediction}. Nodes that pass every filter
 * are scored; each plugin's scores are brought to 0..100 (see {@link ScorePlugin#scaled()}) and the
 * node's total is {@code Σ weight_p × score_p / Σ weight_p}. The highest total wins, ties going to
 * the node name that sorts first.
 *
 * <p>When the location filter is on and the pod names a location, only that location's nodes are
 * evaluated, through the state's location index; the others count as {@code wrong location}
 * without a plugin call. Stateless and thread-safe; callers hold the state's read lock.
 */
public final class SchedulingCycle {

  private static final Comparator<NodeScore> BEST_FIRST = Comparator.comparingDouble(NodeScore::total).reversed()
      .thenComparing(NodeScore::node);

  private final List<FilterPlugin> filters;
  private final List<ScorePlugin> scorers;
  private final double[] weights;
  private final double weightSum;
  private final boolean locationIndex;

  public SchedulingCycle(List<String> filterNames, Map<String, Integer> scoreWeights) {
    this.filters = filterNames.stream().map(SchedulingCycle::filter).toList();
    this.scorers = scoreWeights.keySet().stream().map(SchedulingCycle::scorer).toList();
    this.weights = scoreWeights.values().stream().mapToDouble(Integer::doubleValue).toArray();
    double sum = 0;
    for (double weight : weights) {
      sum += weight;
    }
    this.weightSum = sum;
    this.locationIndex = filterNames.contains(LocationFilter.NAME);
  }

  /** Evaluates every candidate node for the pod. Call under the state's read lock. */
  public Prediction run(CycleContext context) {
    PodInfo pod = context.pod;
    ClusterState state = context.state;
    int total = state.nodes().size();
    Map<String, Map<String, Integer>> filtered = new LinkedHashMap<>();
    Collection<NodeInfo> candidates = state.nodes();
    if (locationIndex && pod.location() != null) {
      candidates = state.nodesIn(pod.location());
      if (total > candidates.size()) {
        count(filtered, LocationFilter.NAME, LocationFilter.REASON, total - candidates.size());
      }
    }

    List<NodeInfo> feasible = new ArrayList<>(candidates.size());
    for (NodeInfo node : candidates) {
      String rejectedBy = null;
      for (FilterPlugin filter : filters) {
        String reason = filter.filter(context, node);
        if (reason != null) {
          count(filtered, filter.name(), reason, 1);
          rejectedBy = reason;
          break;
        }
      }
      if (rejectedBy == null) {
        feasible.add(node);
      }
    }

    List<NodeScore> scores = score(context, feasible);
    Optional<String> best = scores.isEmpty() ? Optional.empty() : Optional.of(scores.get(0).node());
    return new Prediction(pod.key(), best, total, scores, filtered, List.copyOf(context.fallbackPlugins()));
  }

  private List<NodeScore> score(CycleContext context, List<NodeInfo> feasible) {
    int n = feasible.size();
    double[][] raw = new double[scorers.size()][n];
    for (int p = 0; p < scorers.size(); p++) {
      ScorePlugin scorer = scorers.get(p);
      for (int i = 0; i < n; i++) {
        raw[p][i] = scorer.score(context, feasible.get(i));
      }
      if (!scorer.scaled()) {
        rescale(raw[p]);
      }
    }

    List<NodeScore> scores = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      @SuppressWarnings("unchecked")
      Map.Entry<String, Double>[] byPlugin = new Map.Entry[scorers.size()];
      double weighted = 0;
      for (int p = 0; p < scorers.size(); p++) {
        byPlugin[p] = Map.entry(scorers.get(p).name(), raw[p][i]);
        weighted += weights[p] * raw[p][i];
      }
      double totalScore = weightSum == 0 ? 0 : weighted / weightSum;
      // An immutable map from Map.ofEntries, which NodeScore keeps without copying it again.
      scores.add(new NodeScore(feasible.get(i).name, totalScore, Map.ofEntries(byPlugin)));
    }
    scores.sort(BEST_FIRST);
    return scores;
  }

  /** Maps the values linearly onto 0..100, lowest to 0 and highest to 100; all 100 when equal. */
  static void rescale(double[] values) {
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    for (double value : values) {
      min = Math.min(min, value);
      max = Math.max(max, value);
    }
    double range = max - min;
    for (int i = 0; i < values.length; i++) {
      values[i] = range <= 0 ? 100 : 100 * (values[i] - min) / range;
    }
  }

  private static void count(Map<String, Map<String, Integer>> filtered, String plugin, String reason, int nodes) {
    filtered.computeIfAbsent(plugin, p -> new LinkedHashMap<>()).merge(reason, nodes, Integer::sum);
  }

  private static FilterPlugin filter(String name) {
    return switch (name) {
      case LocationFilter.NAME -> new LocationFilter();
      case ResourceFitFilter.NAME -> new ResourceFitFilter();
      case RealtimeAdmissionFilter.NAME -> new RealtimeAdmissionFilter();
      case DependencyLatencyFilter.NAME -> new DependencyLatencyFilter();
      case NodeHealthFilter.NAME -> new NodeHealthFilter();
      default -> throw new IllegalArgumentException("Unknown filter plugin '" + name + "'");
    };
  }

  private static ScorePlugin scorer(String name) {
    return switch (name) {
      case LatencyScore.NAME -> new LatencyScore();
      case RealtimeHeadroomScore.NAME -> new RealtimeHeadroomScore();
      case BalancedAllocationScore.NAME -> new BalancedAllocationScore();
      case SpreadScore.NAME -> new SpreadScore();
      default -> throw new IllegalArgumentException("Unknown score plugin '" + name + "'");
    };
  }
}
