package dev.edgeplane.k8ssim.internal;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.util.List;

/**
 * Healthy and desired pod counts of a PodDisruptionBudget, computed as the Kubernetes disruption
 * controller does for pods without a scalable owner: expected pods are the pods the selector
 * matches, {@code minAvailable} and {@code maxUnavailable} percentages round up, and
 * {@code disruptionsAllowed = currentHealthy - desiredHealthy}.
 */
record DisruptionBudget(int expected, int currentHealthy, int desiredHealthy) {

  static DisruptionBudget of(PodDisruptionBudget budget, List<Pod> selected) {
    int expected = selected.size();
    int healthy = (int) selected.stream().filter(PodStates::isReady).count();

    IntOrString minAvailable = budget.getSpec().getMinAvailable();
    IntOrString maxUnavailable = budget.getSpec().getMaxUnavailable();
    int desired;
    if (maxUnavailable != null) {
      desired = Math.max(0, expected - scaled(maxUnavailable, expected));
    } else if (minAvailable != null) {
      desired = scaled(minAvailable, expected);
    } else {
      // A budget with neither field allows no voluntary disruption of a healthy pod.
      desired = expected;
    }
    return new DisruptionBudget(expected, healthy, desired);
  }

  int disruptionsAllowed() {
    return Math.max(0, currentHealthy - desiredHealthy);
  }

  private static int scaled(IntOrString value, int expected) {
    if (value.getIntVal() != null) {
      return value.getIntVal();
    }
    String text = value.getStrVal().trim();
    if (!text.endsWith("%")) {
      return Integer.parseInt(text);
    }
    int percent = Integer.parseInt(text.substring(0, text.length() - 1));
    return (int) Math.ceil(expected * percent / 100.0);
  }
}
