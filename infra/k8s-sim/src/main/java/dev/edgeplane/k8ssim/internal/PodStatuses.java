package dev.edgeplane.k8ssim.internal;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.PodStatus;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/** Pod status as a kubelet reports it. */
final class PodStatuses {

  private PodStatuses() {
  }

  /** Returns the pod with phase Running, its containers started, and Ready true. */
  static Pod running(Pod pod, Instant now) {
    String time = now.truncatedTo(ChronoUnit.SECONDS).toString();
    PodStatus status = pod.getStatus() == null ? new PodStatus() : pod.getStatus();
    status.setPhase("Running");
    status.setStartTime(time);

    List<ContainerStatus> containers = new ArrayList<>();
    for (Container container : pod.getSpec().getContainers()) {
      containers.add(new ContainerStatusBuilder()
          .withName(container.getName())
          .withImage(container.getImage())
          .withReady(true)
          .withStarted(true)
          .withRestartCount(0)
          .withNewState().withNewRunning().withStartedAt(time).endRunning().endState()
          .build());
    }
    status.setContainerStatuses(containers);
    pod.setStatus(status);

    setCondition(pod, "Initialized", "True", null, time);
    return withReady(pod, true, now);
  }

  /** Returns the pod with its Ready and ContainersReady conditions set. */
  static Pod withReady(Pod pod, boolean ready, Instant now) {
    String time = now.truncatedTo(ChronoUnit.SECONDS).toString();
    String value = ready ? "True" : "False";
    String reason = ready ? null : "NodeNotReady";
    setCondition(pod, "ContainersReady", value, reason, time);
    setCondition(pod, "Ready", value, reason, time);
    if (pod.getStatus().getContainerStatuses() != null) {
      pod.getStatus().getContainerStatuses().forEach(c -> c.setReady(ready));
    }
    return pod;
  }

  private static void setCondition(Pod pod, String type, String value, String reason, String time) {
    List<PodCondition> conditions = new ArrayList<>(
        pod.getStatus().getConditions() == null ? List.of() : pod.getStatus().getConditions());
    conditions.removeIf(c -> type.equals(c.getType()));
    conditions.add(new PodConditionBuilder()
        .withType(type)
        .withStatus(value)
        .withReason(reason)
        .withLastTransitionTime(time)
        .build());
    pod.getStatus().setConditions(conditions);
  }
}
