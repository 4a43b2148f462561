package dev.edgeplane.scheduler.executor.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Objects;

/**
 * The executor's intent to evict one pod for one decision, recorded before the eviction request so
 * that an executor restarted in the middle of the eviction finds the decision and finishes it.
 *
 * @param decisionId the decision being executed
 * @param namespace the pod's namespace
 * @param pod the pod's name
 * @param podUid the pod's uid; only this pod instance is evicted
 * @param fogService the FogService that owns the pod
 * @param location the pod's location, or an empty string when it has none
 * @param fromNode the node the pod runs on
 * @param predictedTarget the node the scheduler plugins predicted
 * @param strategy the decision's strategy name, such as {@code DEGRADED_NODE}
 * @param requestedTime when the intent was recorded
 */
public record EvictionIntent(String decisionId, String namespace, String pod, String podUid, String fogService,
    String location, String fromNode, String predictedTarget, String strategy, Instant requestedTime) {

  public EvictionIntent {
    Objects.requireNonNull(decisionId, "decisionId");
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(pod, "pod");
    Objects.requireNonNull(podUid, "podUid");
    Objects.requireNonNull(fogService, "fogService");
    Objects.requireNonNull(location, "location");
    Objects.requireNonNull(fromNode, "fromNode");
    Objects.requireNonNull(predictedTarget, "predictedTarget");
    Objects.requireNonNull(strategy, "strategy");
    Objects.requireNonNull(requestedTime, "requestedTime");
  }

  /** Returns {@code namespace/fogService}, the key of the per-FogService limit. */
  public String fogServiceKey() {
    return namespace + "/" + fogService;
  }

  /**
   * Returns a name derived from the decision id alone, a valid Kubernetes object name, so that
   * recording the same intent twice collides instead of creating a second object.
   */
  public String objectName() {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(decisionId.getBytes(StandardCharsets.UTF_8));
      return "edgeplane-eviction-" + HexFormat.of().formatHex(digest, 0, 10);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("Every Java platform provides SHA-256", e);
    }
  }
}
