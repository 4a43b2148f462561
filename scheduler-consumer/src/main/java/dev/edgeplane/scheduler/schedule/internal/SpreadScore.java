package dev.edgeplane.scheduler.schedule.internal;

/**
 * Spreads the replicas of a FogService across the nodes of a location: the fewer replicas of the
 * pod's FogService a node already runs, the higher it scores, so losing one node loses as few
 * replicas as possible.
 */
final class SpreadScore implements ScorePlugin {

  static final String NAME = "spread";

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
    String key = context.pod.fogServiceKey();
    if (key == null) {
      return 0;
    }
    int replicas = node.replicas.getOrDefault(key, 0);
    return -(context.self(node) ? replicas - 1 : replicas);
  }
}
