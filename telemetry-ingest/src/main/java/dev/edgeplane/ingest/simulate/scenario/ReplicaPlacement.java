package dev.edgeplane.ingest.simulate.scenario;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Objects;

/**
 * A replica (pod) of a FogService placed on a node, for which the simulator emits replica metrics.
 *
 * @param namespace     Kubernetes namespace of the pod
 * @param pod           pod name
 * @param fogService    the FogService that owns the pod
 * @param node          node the pod runs on
 * @param serviceTimeMs median response time of the service on an idle node, in ms
 * @param requestRate   requests per second at the daily peak
 */
public record ReplicaPlacement(String namespace, String pod, String fogService, String node, double serviceTimeMs,
    double requestRate) {

  /** Median response time of a replica on an idle node when a scenario gives none, in ms. */
  public static final double DEFAULT_SERVICE_TIME_MS = 12.0;
  /** Requests per second at the daily peak when a scenario gives none. */
  public static final double DEFAULT_REQUEST_RATE = 40.0;

  public ReplicaPlacement {
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(pod, "pod");
    Objects.requireNonNull(fogService, "fogService");
    Objects.requireNonNull(node, "node");
    if (serviceTimeMs <= 0 || requestRate <= 0) {
      throw new IllegalArgumentException("Replica " + namespace + "/" + pod + " has serviceTimeMs " + serviceTimeMs
          + " and requestRate " + requestRate + ": give more than 0 for each");
    }
  }

  @JsonCreator
  static ReplicaPlacement fromFile(@JsonProperty(value = "namespace", required = true) String namespace,
      @JsonProperty(value = "pod", required = true) String pod,
      @JsonProperty(value = "fogService", required = true) String fogService,
      @JsonProperty(value = "node", required = true) String node,
      @JsonProperty("serviceTimeMs") Double serviceTimeMs, @JsonProperty("requestRate") Double requestRate) {
    return new ReplicaPlacement(namespace, pod, fogService, node,
        serviceTimeMs == null ? DEFAULT_SERVICE_TIME_MS : serviceTimeMs,
        requestRate == null ? DEFAULT_REQUEST_RATE : requestRate);
  }

  /** Returns the replica's key, {@code namespace/pod}. */
  public String key() {
    return namespace + "/" + pod;
  }
}
