package dev.edgeplane.scheduler.schedule.internal;

/** A check that rules a node out for a pod, as a filter extension point of the Kubernetes scheduling framework. */
public interface FilterPlugin {

  /** Returns the name configuration selects the plugin by. */
  String name();

  /**
   * Returns null when the node passes, else a short reason such as {@code wrong location}, which the
   * Event of an unschedulable pod counts. Called under the cluster state's read lock; must not block.
   */
  String filter(CycleContext context, NodeInfo node);
}
