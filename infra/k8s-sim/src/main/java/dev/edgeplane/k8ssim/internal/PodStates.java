package dev.edgeplane.k8ssim.internal;

import io.fabric8.kubernetes.api.model.Pod;

/** Reads pod state the way kubectl and the controllers do. */
final class PodStates {

  private PodStates() {
  }

  static boolean isReady(Pod pod) {
    return hasCondition(pod, "Ready", "True") && "Running".equals(phase(pod));
  }

  static boolean isTerminal(Pod pod) {
    String phase = phase(pod);
    return "Succeeded".equals(phase) || "Failed".equals(phase);
  }

  static boolean hasCondition(Pod pod, String type, String status) {
    return pod.getStatus() != null && pod.getStatus().getConditions() != null
        && pod.getStatus().getConditions().stream()
            .anyMatch(c -> type.equals(c.getType()) && status.equals(c.getStatus()));
  }

  static String phase(Pod pod) {
    return pod.getStatus() == null ? null : pod.getStatus().getPhase();
  }

  static boolean isBound(Pod pod) {
    return pod.getSpec() != null && pod.getSpec().getNodeName() != null
        && !pod.getSpec().getNodeName().isEmpty();
  }
}
