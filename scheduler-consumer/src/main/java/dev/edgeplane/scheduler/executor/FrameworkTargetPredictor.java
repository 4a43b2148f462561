package dev.edgeplane.scheduler.executor;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import dev.edgeplane.scheduler.schedule.NodeScore;
import dev.edgeplane.scheduler.schedule.SchedulingFramework;
import io.fabric8.kubernetes.api.model.Pod;

/**
 * Predicts where a pod would go now with the scheduler's own filter and score plugins, so that the
 * executor only moves a pod to a node the scheduler would pick for it. The framework leaves the
 * pod's own requests out of its current node and keeps that node a candidate, as
 * {@link TargetPredictor} requires.
 *
 * <p>Calls read the framework's cache under its read lock and never call the Kubernetes API.
 */
public final class FrameworkTargetPredictor implements TargetPredictor {

  private final SchedulingFramework framework;

  public FrameworkTargetPredictor(SchedulingFramework framework) {
    this.framework = Objects.requireNonNull(framework, "framework");
  }

  @Override
  public Prediction predict(Pod pod) {
    dev.edgeplane.scheduler.schedule.Prediction placement = framework.predict(pod);
    if (placement.node().isEmpty()) {
      return Prediction.infeasible(reasons(placement.filtered()));
    }
    String target = placement.node().get();
    Double targetScore = placement.scoreOf(target).map(NodeScore::total).orElse(null);
    String current = pod.getSpec() == null ? null : pod.getSpec().getNodeName();
    Double currentScore = current == null ? null : placement.scoreOf(current).map(NodeScore::total).orElse(null);
    return Prediction.feasible(target, targetScore, currentScore);
  }

  /** Converts the framework's counts per plugin and reason into phrases such as "3 wrong location (location)". */
  private static List<String> reasons(Map<String, Map<String, Integer>> filtered) {
    List<String> reasons = new ArrayList<>();
    filtered.forEach((plugin, byReason) -> byReason.forEach(
        (reason, count) -> reasons.add(count + " " + reason + " (" + plugin + ")")));
    reasons.sort(null);
    return reasons;
  }
}
