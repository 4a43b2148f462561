package dev.edgeplane.scheduler.reconcile.internal;

import io.fabric8.kubernetes.api.model.Pod;

/** Reads pod state as kubectl and the ReplicaSet controller do. */
final class PodStates {

  private PodStates() {
  }

  static boolean isReady(Pod pod) {
    return "Running".equals(phase(pod)) && pod.getStatus().getConditions() != null
        && pod.getStatus().getConditions().stream()
            .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
  }

  static boolean isTerminal(Pod pod) {
    String phase = phase(pod);
    return "Failed".equals(phase) || "Succeeded".equals(phase);
  }

  static boolean isBound(Pod pod) {
    return pod.getSpec() != null && pod.getSpec().getNodeName() != null
        && !pod.getSpec().getNodeName().isEmpty();
  }

  static String phase(Pod pod) {
    return pod.getStatus() == null ? null : pod.getStatus().getPhase();
  }
}
