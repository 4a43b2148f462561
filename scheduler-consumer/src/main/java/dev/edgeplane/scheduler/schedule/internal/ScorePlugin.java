package dev.edgeplane.scheduler.schedule.internal;

/** A preference among feasible nodes, as a score extension point of the Kubernetes scheduling framework. */
public interface ScorePlugin {

  /** Returns the name configuration selects the plugin and its weight by. */
  String name();

  /**
   * Returns the node's raw score; higher is better. Called under the cluster state's read lock only
   * for nodes that passed every filter; must not block.
   */
  double score(CycleContext context, NodeInfo node);

  /**
   * Returns whether {@link #score} is already on the 0..100 scale. Otherwise the framework maps the
   * raw scores of one cycle linearly onto it: the lowest to 0, the highest to 100, all to 100 when
   * they are equal.
   */
  boolean scaled();
}
