package dev.edgeplane.scheduler.schedule.internal;

import dev.edgeplane.scheduler.schedule.internal.PodInfo.DependencyBound;
import java.util.List;

/**
 * Prefers nodes close to the pod's users and dependencies. The cost of a node is the round-trip
 * time to the users, taken as the lowest measured time from any node of the pod's location (0 on a
 * node of that location), plus, per dependency, the time to its nearest replica. The framework maps
 * the lowest cost to 100. Missing measurements use the declared fallback estimate by location.
 */
final class LatencyScore implements ScorePlugin {

  static final String NAME = "latency";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public boolean scaled() {
    return false;
  }

  @Override
  public double score(CycleContext context, NodeInfo node) {
    double cost = usersRtt(context, node);
    for (DependencyBound dependency : context.pod.dependencies()) {
      List<NodeInfo> replicas = context.dependencyNodes(dependency.fogService());
      double nearest = Double.POSITIVE_INFINITY;
      for (NodeInfo replica : replicas) {
        nearest = Math.min(nearest, context.rttMicros(NAME, node, replica));
      }
      if (!replicas.isEmpty()) {
        cost += nearest;
      }
    }
    return Double.isInfinite(cost) ? -Double.MAX_VALUE : -cost;
  }

  private static double usersRtt(CycleContext context, NodeInfo node) {
    String location = context.pod.location();
    if (location == null || location.equals(node.location)) {
      return 0;
    }
    if (context.view.latencyStale()) {
      context.usedFallback(NAME);
      return context.fallback.estimate(location, node.location);
    }
    double[] best = {Double.NaN};
    context.view.forEachNeighbor(node.name, (other, rtt) -> {
      NodeInfo neighbor = context.state.node(other);
      if (neighbor != null && location.equals(neighbor.location) && !(rtt >= best[0])) {
        best[0] = rtt;
      }
    });
    if (Double.isNaN(best[0])) {
      context.usedFallback(NAME);
      return context.fallback.estimate(location, node.location);
    }
    return best[0];
  }
}
