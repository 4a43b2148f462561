package dev.edgeplane.scheduler.executor.internal;

import io.fabric8.kubernetes.api.model.Pod;

/** Reads pod state as kubectl and the ReplicaSet controller do. */
final class PodReadiness {

  private PodReadiness() {
  }

  /** Returns whether the pod runs, is Ready and is not being deleted. */
  static boolean isReady(Pod pod) {
    return pod.getMetadata().getDeletionTimestamp() == null
        && pod.getStatus() != null
        && "Running".equals(pod.getStatus().getPhase())
        && pod.getStatus().getConditions() != null
        && pod.getStatus().getConditions().stream()
            .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
  }

  /** Returns the node the pod is bound to, or null. */
  static String nodeOf(Pod pod) {
    String node = pod.getSpec() == null ? null : pod.getSpec().getNodeName();
    return node == null || node.isEmpty() ? null : node;
  }
}
