package dev.edgeplane.scheduler.observe.internal;

import dev.edgeplane.event.cluster.PodPhase;
import dev.edgeplane.event.cluster.PodPlacement;
import dev.edgeplane.scheduler.api.v1alpha1.FogService;
import dev.edgeplane.scheduler.api.v1alpha1.NodeMetadataKeys;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Maps a pod, its owning FogService and its node to the pod's {@link PodPlacement} record. Stateless
 * and thread-safe.
 */
public final class PodPlacementMapper {

  /** Maps the pod; {@code fogService} and {@code node} are null when the cache has none. */
  public PodPlacement map(Pod pod, FogService fogService, Node node, Instant observedTime) {
    String nodeName = pod.getSpec() == null ? null : pod.getSpec().getNodeName();
    boolean bound = nodeName != null && !nodeName.isEmpty();
    String location = null;
    if (bound && node != null && node.getMetadata().getLabels() != null) {
      location = node.getMetadata().getLabels().get(NodeMetadataKeys.LOCATION_LABEL);
    }

    return PodPlacement.newBuilder()
        .setPodUid(pod.getMetadata().getUid())
        .setNamespace(pod.getMetadata().getNamespace())
        .setPod(pod.getMetadata().getName())
        .setResourceVersion(String.valueOf(pod.getMetadata().getResourceVersion()))
        .setObservedTime(observedTime)
        .setFogService(fogServiceName(pod).orElse(null))
        .setCritical(fogService != null && fogService.getSpec() != null && fogService.getSpec().isCritical())
        .setNode(bound ? nodeName : null)
        .setLocation(location)
        .setPhase(phase(pod))
        .setReady(condition(pod, "Ready").map(c -> "True".equals(c.getStatus())).orElse(false))
        .setBoundTime(bound ? boundTime(pod, observedTime) : null)
        .build();
  }

  /** Returns the name of the FogService that controls the pod, from its owner references. */
  public static Optional<String> fogServiceName(Pod pod) {
    List<OwnerReference> references = pod.getMetadata().getOwnerReferences();
    if (references == null) {
      return Optional.empty();
    }
    return references.stream()
        .filter(ref -> Boolean.TRUE.equals(ref.getController()))
        .filter(ref -> "FogService".equals(ref.getKind()) && ref.getApiVersion() != null
            && ref.getApiVersion().startsWith(FogService.GROUP + "/"))
        .map(OwnerReference::getName)
        .findFirst();
  }

  static PodPhase phase(Pod pod) {
    String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
    if (phase == null) {
      // The API server sets Pending on create; a pod without a phase has not been seen by it yet.
      return PodPhase.PENDING;
    }
    try {
      return PodPhase.valueOf(phase.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      return PodPhase.UNKNOWN;
    }
  }

  /** Returns when PodScheduled turned True, or the observed time when the pod carries no time. */
  private static Instant boundTime(Pod pod, Instant observedTime) {
    return condition(pod, "PodScheduled")
        .filter(c -> "True".equals(c.getStatus()))
        .map(c -> Timestamps.parseOr(c.getLastTransitionTime(), observedTime))
        .orElse(observedTime);
  }

  private static Optional<PodCondition> condition(Pod pod, String type) {
    if (pod.getStatus() == null || pod.getStatus().getConditions() == null) {
      return Optional.empty();
    }
    return pod.getStatus().getConditions().stream().filter(c -> type.equals(c.getType())).findFirst();
  }
}
