package dev.edgeplane.scheduler.schedule.internal;

/**
 * Prefers nodes with real-time bandwidth to spare. A real-time pod scores
 * {@code 100 × (capacity − used − its own) / capacity}. A pod without a real-time policy scores 100
 * on a node without real-time bandwidth and 50 on one with it, so that ordinary pods leave
 * real-time nodes to the pods that need them.
 */
final class RealtimeHeadroomScore implements ScorePlugin {

  static final String NAME = "realtime-headroom";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public boolean scaled() {
    return true;
  }

  @Override
  public double score(CycleContext context, NodeInfo node) {
    if (context.pod.rtPpm() == 0) {
      return node.rtCapacityPpm > 0 ? 50 : 100;
    }
    long own = context.self(node) ? 0 : context.pod.rtPpm();
    double free = node.rtCapacityPpm - node.rtPpm - own;
    return Math.max(0, 100 * free / node.rtCapacityPpm);
  }
}
