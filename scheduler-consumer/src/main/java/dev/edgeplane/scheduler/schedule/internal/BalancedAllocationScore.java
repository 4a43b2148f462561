package dev.edgeplane.scheduler.schedule.internal;

/**
 * Prefers nodes whose CPU and memory stay equally used once the pod is placed, as the Kubernetes
 * NodeResourcesBalancedAllocation plugin does: {@code 100 × (1 − |cpu share − memory share|)}, each
 * share being requested over allocatable.
 */
final class BalancedAllocationScore implements ScorePlugin {

  static final String NAME = "balanced-allocation";

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
    int others = context.self(node) ? 0 : 1;
    double cpu = share(node.requestedCpuMillis + others * context.pod.cpuMillis(), node.allocatableCpuMillis);
    double memory = share(node.requestedMemoryBytes + others * context.pod.memoryBytes(), node.allocatableMemoryBytes);
    return 100 * (1 - Math.abs(cpu - memory));
  }

  private static double share(long requested, long allocatable) {
    return allocatable <= 0 ? 1 : Math.min(1, (double) requested / allocatable);
  }
}
