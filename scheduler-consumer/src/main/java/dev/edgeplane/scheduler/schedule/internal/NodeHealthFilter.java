package dev.edgeplane.scheduler.schedule.internal;

import dev.edgeplane.event.state.NodeHealthState;

/**
 * Passes nodes that are Ready, not cordoned, and not DEGRADED or UNREACHABLE in the node-health
 * view. While that view is stale, or has no fresh state for the node, the declared fallback is the
 * Kubernetes Ready condition alone.
 */
final class NodeHealthFilter implements FilterPlugin {

  static final String NAME = "node-health";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String filter(CycleContext context, NodeInfo node) {
    if (!node.ready) {
      return "node not ready";
    }
    if (node.unschedulable) {
      return "node unschedulable";
    }
    if (context.view.healthStale()) {
      context.usedFallback(NAME);
      return null;
    }
    NodeHealthState state = context.view.health(node.name);
    if (state == null) {
      context.usedFallback(NAME);
      return null;
    }
    return switch (state) {
      case DEGRADED -> "node degraded";
      case UNREACHABLE -> "node unreachable";
      default -> null;
    };
  }
}
