package dev.edgeplane.scheduler.executor.internal;

import dev.edgeplane.scheduler.api.v1alpha1.FogService;
import dev.edgeplane.scheduler.executor.RescheduleExecutor;
import java.util.Map;

/**
 * The minimum ready replicas of a FogService: the value of the FogService annotation
 * {@value RescheduleExecutor#MIN_READY_ANNOTATION} when set, else the desired replicas from the
 * status minus the configured maximum unavailable replicas, and never below 0.
 *
 * @param desired replicas the controller wants over all locations, from the status
 * @param minimum ready replicas that must remain after an eviction
 * @param source where {@code minimum} comes from, for the audit record
 */
record MinReadyReplicas(int desired, int minimum, String source) {

  /**
   * Computes the minimum for a FogService.
   *
   * @throws IllegalArgumentException when the FogService has no status yet, or when its annotation
   *     is not a whole number of zero or more. The message names the value and the fix.
   */
  static MinReadyReplicas of(FogService fogService, int maxUnavailable) {
    String name = fogService.getMetadata().getNamespace() + "/" + fogService.getMetadata().getName();
    if (fogService.getStatus() == null || fogService.getStatus().getObservedGeneration() == null) {
      throw new IllegalArgumentException("FogService " + name + " has no status yet, so its desired replicas are"
          + " unknown; the executor waits for the controller to write it");
    }
    int desired = fogService.getStatus().getReplicas();

    Map<String, String> annotations = fogService.getMetadata().getAnnotations();
    String annotated = annotations == null ? null : annotations.get(RescheduleExecutor.MIN_READY_ANNOTATION);
    if (annotated == null) {
      return new MinReadyReplicas(desired, Math.max(0, desired - maxUnavailable),
          "desired " + desired + " minus max unavailable " + maxUnavailable);
    }
    try {
      int minimum = Integer.parseInt(annotated.trim());
      if (minimum < 0) {
        throw new NumberFormatException("negative");
      }
      return new MinReadyReplicas(desired, minimum, "annotation " + RescheduleExecutor.MIN_READY_ANNOTATION);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("FogService " + name + " has annotation "
          + RescheduleExecutor.MIN_READY_ANNOTATION + "='" + annotated + "', which is not a whole number of zero"
          + " or more; fix or remove it", e);
    }
  }
}
