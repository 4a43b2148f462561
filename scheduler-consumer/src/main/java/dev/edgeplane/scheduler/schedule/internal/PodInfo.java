package dev.edgeplane.scheduler.schedule.internal;

import dev.edgeplane.scheduler.api.v1alpha1.PodMetadataKeys;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Toleration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The fields of a pod that the scheduler reads, parsed once: resources in millicores and bytes, real-time
 * bandwidth in parts per million of one CPU, location, node selector and dependencies. Immutable.
 *
 * @param key          {@code namespace/name}
 * @param fogService   owning FogService, or null for a pod outside any FogService
 * @param location     required value of the node's location label, or null for any location
 * @param nodeSelector node labels the pod needs, other than the location
 * @param rtPpm        runtime/period × 10^6, rounded up; 0 for a pod without a real-time policy
 * @param rtPolicy     real-time policy name, or null
 * @param createdMillis creation time in milliseconds since the epoch; 0 when unknown
 * @param nodeName     node the pod is bound to, or null when pending
 * @param tolerations  the pod's tolerations of node taints
 */
public record PodInfo(String key, String uid, String namespace, String name, String fogService,
    String location, Map<String, String> nodeSelector, long cpuMillis, long memoryBytes, long rtPpm,
    String rtPolicy, boolean critical, List<DependencyBound> dependencies, long createdMillis,
    String nodeName, List<Toleration> tolerations) {

  /** A FogService in the pod's namespace that must have a replica within {@code maxRoundTripMicros}. */
  public record DependencyBound(String fogService, long maxRoundTripMicros) {
  }

  /** Returns whether the queue puts the pod ahead of ordinary pods. */
  public boolean urgent() {
    return rtPpm > 0 || critical;
  }

  /** Returns {@code namespace/fogService}, or null for a pod outside any FogService. */
  public String fogServiceKey() {
    return fogService == null ? null : namespace + "/" + fogService;
  }

  /**
   * Parses the pod.
   *
   * @throws IllegalArgumentException naming the annotation and value when an Edgeplane annotation
   *     is not valid
   */
  public static PodInfo of(Pod pod) {
    ObjectMeta meta = pod.getMetadata();
    Map<String, String> labels = meta.getLabels() == null ? Map.of() : meta.getLabels();
    Map<String, String> annotations = meta.getAnnotations() == null ? Map.of() : meta.getAnnotations();
    Map<String, String> selector = new LinkedHashMap<>();
    if (pod.getSpec().getNodeSelector() != null) {
      selector.putAll(pod.getSpec().getNodeSelector());
    }
    String location = selector.remove(PodMetadataKeys.LOCATION_LABEL);
    if (location == null) {
      location = labels.get(PodMetadataKeys.LOCATION_LABEL);
    }

    String key = meta.getNamespace() + "/" + meta.getName();
    long cpu = Resources.podRequest(pod.getSpec(), "cpu", true);
    long memory = Resources.podRequest(pod.getSpec(), "memory", false);
    String policy = annotations.get(PodMetadataKeys.REALTIME_POLICY);
    long rtPpm = 0;
    if (policy != null && !policy.equals("NONE")) {
      long runtime = positive(key, annotations, PodMetadataKeys.REALTIME_RUNTIME_MICROS);
      long period = positive(key, annotations, PodMetadataKeys.REALTIME_PERIOD_MICROS);
      rtPpm = (Math.multiplyExact(runtime, 1_000_000L) + period - 1) / period;
    } else {
      policy = null;
    }

    return new PodInfo(key, meta.getUid(), meta.getNamespace(), meta.getName(),
        labels.get(PodMetadataKeys.FOGSERVICE_LABEL), location, Map.copyOf(selector), cpu, memory,
        rtPpm, policy, Boolean.parseBoolean(annotations.get(PodMetadataKeys.CRITICAL)),
        dependencies(key, annotations.get(PodMetadataKeys.DEPENDENCIES)),
        created(meta.getCreationTimestamp()), emptyToNull(pod.getSpec().getNodeName()),
        pod.getSpec().getTolerations() == null ? List.of() : List.copyOf(pod.getSpec().getTolerations()));
  }

  private static long positive(String key, Map<String, String> annotations, String name) {
    String value = annotations.get(name);
    try {
      long parsed = Long.parseLong(value);
      if (parsed >= 1) {
        return parsed;
      }
    } catch (NumberFormatException e) {
      // Falls through to the error below, which names the value.
    }
    throw new IllegalArgumentException("pod " + key + " has annotation " + name + "=" + value
        + ": give a whole number of microseconds of at least 1, as the FogService controller writes it");
  }

  /** Parses {@code name:maxRoundTripMicros} pairs separated by commas. */
  static List<DependencyBound> dependencies(String key, String value) {
    if (value == null || value.isBlank()) {
      return List.of();
    }
    List<DependencyBound> result = new ArrayList<>();
    for (String item : value.split(",")) {
      String[] parts = item.trim().split(":");
      try {
        long bound = Long.parseLong(parts[1]);
        if (parts.length == 2 && !parts[0].isEmpty() && bound >= 1) {
          result.add(new DependencyBound(parts[0], bound));
          continue;
        }
      } catch (NumberFormatException | ArrayIndexOutOfBoundsException e) {
        // Falls through to the error below, which names the value.
      }
      throw new IllegalArgumentException("pod " + key + " has annotation " + PodMetadataKeys.DEPENDENCIES
          + "=" + value + ": give comma-separated fogservice:maxRoundTripMicros pairs, such as db:5000");
    }
    return List.copyOf(result);
  }

  private static long created(String timestamp) {
    if (timestamp == null) {
      return 0;
    }
    try {
      return Instant.parse(timestamp).toEpochMilli();
    } catch (DateTimeParseException e) {
      return 0;
    }
  }

  private static String emptyToNull(String value) {
    return value == null || value.isEmpty() ? null : value;
  }
}
