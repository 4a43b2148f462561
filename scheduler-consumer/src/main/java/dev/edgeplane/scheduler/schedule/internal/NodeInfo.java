package dev.edgeplane.scheduler.schedule.internal;

import dev.edgeplane.scheduler.api.v1alpha1.NodeMetadataKeys;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Taint;
import java.math.BigDecimal;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * One node as the scheduler counts it: what it offers, parsed once per node update, and what the
 * bound and assumed pods on it request. The usage fields are guarded by the {@link ClusterState}
 * lock: read them under its read lock, change them under its write lock.
 *
 * <p>Real-time bandwidth is in parts per million of one CPU. A node with {@code m} real-time CPUs
 * and limits {@code sched_rt_runtime_us}/{@code sched_rt_period_us} offers
 * {@code m × runtime / period × 10^6}.
 */
public final class NodeInfo {

  private static final Set<String> ALL_POLICIES = Set.of("FIFO", "RR", "DEADLINE");

  final String name;
  final String location;
  final Map<String, String> labels;
  final long allocatableCpuMillis;
  final long allocatableMemoryBytes;
  final long maxPods;
  final long rtCapacityPpm;
  final Set<String> rtPolicies;
  /** Reason the node cannot take real-time pods, such as invalid annotations, or null. */
  final String rtProblem;
  final boolean ready;
  final boolean unschedulable;
  /** NoSchedule and NoExecute taints and others, as the node carries them. */
  final List<Taint> taints;

  long requestedCpuMillis;
  long requestedMemoryBytes;
  long pods;
  long rtPpm;
  /** Replicas per {@code namespace/fogservice} on this node, bound or assumed. */
  final Map<String, Integer> replicas = new HashMap<>();

  private NodeInfo(Node node) {
    this.name = node.getMetadata().getName();
    this.labels = node.getMetadata().getLabels() == null ? Map.of() : Map.copyOf(node.getMetadata().getLabels());
    this.location = labels.get(NodeMetadataKeys.LOCATION_LABEL);
    Map<String, Quantity> allocatable = node.getStatus() == null || node.getStatus().getAllocatable() == null
        ? Map.of() : node.getStatus().getAllocatable();
    this.allocatableCpuMillis = Resources.cpuMillis(allocatable.get("cpu"));
    this.allocatableMemoryBytes = Resources.bytes(allocatable.get("memory"));
    this.maxPods = allocatable.get("pods") == null ? 110 : Resources.bytes(allocatable.get("pods"));
    this.ready = isReady(node);
    this.unschedulable = node.getSpec() != null && Boolean.TRUE.equals(node.getSpec().getUnschedulable());
    this.taints = node.getSpec() == null || node.getSpec().getTaints() == null
        ? List.of() : List.copyOf(node.getSpec().getTaints());

    Map<String, String> annotations = node.getMetadata().getAnnotations() == null
        ? Map.of() : node.getMetadata().getAnnotations();
    boolean capable = "true".equals(labels.get(NodeMetadataKeys.CAPABILITY_LABEL_PREFIX
        + NodeMetadataKeys.REALTIME_CAPABILITY));
    long capacity = 0;
    String problem = capable ? null : "no realtime capability";
    Set<String> policies = Set.of();
    if (capable) {
      try {
        capacity = rtCapacity(annotations, allocatableCpuMillis);
        policies = policies(annotations.get(NodeMetadataKeys.REALTIME_POLICIES));
      } catch (IllegalArgumentException e) {
        problem = e.getMessage();
      }
    }
    this.rtCapacityPpm = capacity;
    this.rtPolicies = policies;
    this.rtProblem = problem;
  }

  /** Parses the node; invalid real-time annotations leave it unable to take real-time pods. */
  public static NodeInfo of(Node node) {
    return new NodeInfo(node);
  }

  public String name() {
    return name;
  }

  public String location() {
    return location;
  }

  /** Returns whether the node offers the same as {@code other}: labels, resources and conditions. */
  boolean sameOffer(NodeInfo other) {
    return labels.equals(other.labels) && allocatableCpuMillis == other.allocatableCpuMillis
        && allocatableMemoryBytes == other.allocatableMemoryBytes && maxPods == other.maxPods
        && rtCapacityPpm == other.rtCapacityPpm && rtPolicies.equals(other.rtPolicies) && ready == other.ready
        && unschedulable == other.unschedulable && taints.equals(other.taints);
  }

  /** Copies the usage of {@code previous}, the same node before an update of its labels or status. */
  void takeUsageFrom(NodeInfo previous) {
    requestedCpuMillis = previous.requestedCpuMillis;
    requestedMemoryBytes = previous.requestedMemoryBytes;
    pods = previous.pods;
    rtPpm = previous.rtPpm;
    replicas.putAll(previous.replicas);
  }

  void add(PodInfo pod, int sign) {
    requestedCpuMillis += sign * pod.cpuMillis();
    requestedMemoryBytes += sign * pod.memoryBytes();
    pods += sign;
    rtPpm += sign * pod.rtPpm();
    String key = pod.fogServiceKey();
    if (key != null) {
      replicas.merge(key, sign, Integer::sum);
      replicas.remove(key, 0);
    }
  }

  /**
   * Returns the first resource the pod does not fit in, or null when it fits. With {@code self}
   * the pod is already counted on this node, and its own share is left out.
   */
  String resourceShortfall(PodInfo pod, boolean self) {
    int others = self ? 0 : 1;
    if (requestedCpuMillis + others * pod.cpuMillis() > allocatableCpuMillis) {
      return "insufficient cpu";
    }
    if (requestedMemoryBytes + others * pod.memoryBytes() > allocatableMemoryBytes) {
      return "insufficient memory";
    }
    if (pods + others > maxPods) {
      return "too many pods";
    }
    return null;
  }

  /**
   * Returns why the real-time pod cannot be admitted, or null when it can: the sum of
   * runtime/period over the node's real-time pods, this one included, must stay within the node's
   * real-time bandwidth.
   */
  String rtShortfall(PodInfo pod, boolean self) {
    if (pod.rtPpm() == 0) {
      return null;
    }
    if (rtProblem != null) {
      return rtProblem.startsWith("no ") ? rtProblem : "invalid real-time annotations";
    }
    if (!rtPolicies.contains(pod.rtPolicy())) {
      return "real-time policy not accepted";
    }
    if (rtPpm + (self ? 0 : pod.rtPpm()) > rtCapacityPpm) {
      return "real-time bandwidth";
    }
    return null;
  }

  private static long rtCapacity(Map<String, String> annotations, long nodeCpuMillis) {
    String cpus = annotations.get(NodeMetadataKeys.REALTIME_CPUS);
    long cpuMillis;
    if (cpus == null) {
      cpuMillis = nodeCpuMillis;
    } else {
      try {
        cpuMillis = new BigDecimal(cpus).movePointRight(3).longValueExact();
      } catch (ArithmeticException | NumberFormatException e) {
        throw new IllegalArgumentException("annotation " + NodeMetadataKeys.REALTIME_CPUS + "=" + cpus
            + " is not a whole number of millicores");
      }
    }
    long runtime = longAnnotation(annotations, NodeMetadataKeys.REALTIME_RUNTIME_MICROS,
        NodeMetadataKeys.DEFAULT_RT_RUNTIME_MICROS);
    long period = longAnnotation(annotations, NodeMetadataKeys.REALTIME_PERIOD_MICROS,
        NodeMetadataKeys.DEFAULT_RT_PERIOD_MICROS);
    if (runtime > period || cpuMillis < 0) {
      throw new IllegalArgumentException("real-time limits out of range: runtime " + runtime
          + " us, period " + period + " us, cpus " + cpus);
    }
    return Math.multiplyExact(Math.multiplyExact(cpuMillis, 1000L), runtime) / period;
  }

  private static long longAnnotation(Map<String, String> annotations, String key, long fallback) {
    String value = annotations.get(key);
    if (value == null) {
      return fallback;
    }
    try {
      long parsed = Long.parseLong(value);
      if (parsed >= 1) {
        return parsed;
      }
    } catch (NumberFormatException e) {
      // Falls through to the error below, which names the value.
    }
    throw new IllegalArgumentException("annotation " + key + "=" + value + " is not a positive whole number");
  }

  private static Set<String> policies(String value) {
    if (value == null) {
      return ALL_POLICIES;
    }
    Set<String> result = new java.util.HashSet<>();
    for (String policy : value.split(",")) {
      String name = policy.trim().toUpperCase(Locale.ROOT);
      if (!ALL_POLICIES.contains(name)) {
        throw new IllegalArgumentException("annotation " + NodeMetadataKeys.REALTIME_POLICIES + "=" + value
            + " names unknown policy " + policy);
      }
      result.add(name);
    }
    return Set.copyOf(result);
  }

  private static boolean isReady(Node node) {
    List<NodeCondition> conditions = node.getStatus() == null ? null : node.getStatus().getConditions();
    if (conditions == null) {
      return false;
    }
    return conditions.stream().anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
  }
}
