package dev.edgeplane.scheduler.schedule.internal;

/**
 * Admits a real-time pod only on a node with the real-time capability that accepts its policy, and
 * only while the node's real-time pods, this one included, need at most
 * {@code m × sched_rt_runtime_us / sched_rt_period_us} CPUs (the utilisation bound). Pods without a
 * real-time policy pass.
 */
final class RealtimeAdmissionFilter implements FilterPlugin {

  static final String NAME = "realtime-admission";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String filter(CycleContext context, NodeInfo node) {
    return node.rtShortfall(context.pod, context.self(node));
  }
}
