package dev.edgeplane.scheduler.schedule.internal;

import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.Toleration;
import java.util.List;

/** Matches node taints against pod tolerations as the Kubernetes TaintToleration plugin does. */
final class Taints {

  private Taints() {
  }

  /** Returns whether every NoSchedule and NoExecute taint of the node is tolerated. */
  static boolean tolerated(List<Taint> taints, List<Toleration> tolerations) {
    for (Taint taint : taints) {
      boolean blocking = "NoSchedule".equals(taint.getEffect()) || "NoExecute".equals(taint.getEffect());
      if (blocking && tolerations.stream().noneMatch(t -> tolerates(t, taint))) {
        return false;
      }
    }
    return true;
  }

  private static boolean tolerates(Toleration toleration, Taint taint) {
    if (toleration.getEffect() != null && !toleration.getEffect().isEmpty()
        && !toleration.getEffect().equals(taint.getEffect())) {
      return false;
    }
    boolean exists = "Exists".equals(toleration.getOperator());
    if (toleration.getKey() == null || toleration.getKey().isEmpty()) {
      return exists;
    }
    if (!toleration.getKey().equals(taint.getKey())) {
      return false;
    }
    return exists || java.util.Objects.equals(emptyToNull(toleration.getValue()), emptyToNull(taint.getValue()));
  }

  private static String emptyToNull(String value) {
    return value == null || value.isEmpty() ? null : value;
  }
}
