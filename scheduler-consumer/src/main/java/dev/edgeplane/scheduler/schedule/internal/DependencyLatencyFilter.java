package dev.edgeplane.scheduler.schedule.internal;

import dev.edgeplane.scheduler.schedule.internal.PodInfo.DependencyBound;
import java.util.List;

/**
 * Passes nodes from which, for each dependency of the pod, at least one replica of that FogService
 * runs within the dependency's maximum round-trip time. A dependency with no placed replica does
 * not rule any node out, so that FogServices that call each other can start in any order. Without a
 * fresh measurement the round-trip time is the declared fallback estimate by location.
 */
final class DependencyLatencyFilter implements FilterPlugin {

  static final String NAME = "dependency-latency";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String filter(CycleContext context, NodeInfo node) {
    for (DependencyBound dependency : context.pod.dependencies()) {
      List<NodeInfo> replicas = context.dependencyNodes(dependency.fogService());
      if (replicas.isEmpty()) {
        continue;
      }
      boolean near = false;
      for (NodeInfo replica : replicas) {
        if (context.rttMicros(NAME, node, replica) <= dependency.maxRoundTripMicros()) {
          near = true;
          break;
        }
      }
      if (!near) {
        return "dependency latency";
      }
    }
    return null;
  }
}
