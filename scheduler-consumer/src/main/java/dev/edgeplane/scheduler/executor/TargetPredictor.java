package dev.edgeplane.scheduler.executor;

import io.fabric8.kubernetes.api.model.Pod;

/**
 * Predicts where the scheduler would place a pod now, with the scheduler's own filter and score
 * plugins, so that the executor checks a move before it evicts anything.
 *
 * <p>An implementation treats the pod as pending: it does not count the pod's own requests on its
 * current node, and the current node is a candidate like any other. When the current node scores
 * best, the prediction names it, and the executor does not evict.
 *
 * <p>The executor calls {@link #predict} from its single executor thread. The call may block on a
 * cache read but should not call the Kubernetes API, because it runs once per decision.
 */
public interface TargetPredictor {

  /**
   * Predicts the node the pod would be bound to now.
   *
   * @param pod the pod as read from the API, bound to its current node
   * @return a feasible node with its score, or {@link Prediction#infeasible} with the reasons
   */
  Prediction predict(Pod pod);
}
