package dev.edgeplane.scheduler.observe.internal;

import dev.edgeplane.event.cluster.ConditionStatus;
import dev.edgeplane.event.cluster.NodeCondition;
import dev.edgeplane.event.cluster.NodeInventory;
import dev.edgeplane.event.cluster.NodeResources;
import dev.edgeplane.event.cluster.NodeTier;
import dev.edgeplane.event.cluster.RealtimeCapability;
import dev.edgeplane.scheduler.api.v1alpha1.NodeMetadataKeys;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Quantity;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Maps a Kubernetes node to its {@link NodeInventory} record. Stateless and thread-safe. */
public final class NodeInventoryMapper {

  private static final Logger log = LoggerFactory.getLogger(NodeInventoryMapper.class);

  public NodeInventory map(Node node, Instant observedTime) {
    Map<String, String> labels = new TreeMap<>(node.getMetadata().getLabels() == null
        ? Map.of() : node.getMetadata().getLabels());
    Map<String, Quantity> capacity = node.getStatus() == null ? null : node.getStatus().getCapacity();
    Map<String, Quantity> allocatable = node.getStatus() == null ? null : node.getStatus().getAllocatable();
    List<String> capabilities = capabilities(labels);

    return NodeInventory.newBuilder()
        .setNode(node.getMetadata().getName())
        .setResourceVersion(String.valueOf(node.getMetadata().getResourceVersion()))
        .setObservedTime(observedTime)
        .setLabels(new java.util.HashMap<>(labels))
        .setLocation(labels.get(NodeMetadataKeys.LOCATION_LABEL))
        .setTier(tier(labels.get(NodeMetadataKeys.TIER_LABEL)))
        .setCapabilities(capabilities)
        .setCapacity(resources(capacity))
        .setAllocatable(resources(allocatable == null ? capacity : allocatable))
        .setRealtime(capabilities.contains(NodeMetadataKeys.REALTIME_CAPABILITY)
            ? realtime(node, capacity) : null)
        .setUnschedulable(node.getSpec() != null && Boolean.TRUE.equals(node.getSpec().getUnschedulable()))
        .setConditions(conditions(node, observedTime))
        .build();
  }

  static NodeTier tier(String value) {
    if (value == null) {
      return NodeTier.UNKNOWN;
    }
    return switch (value.toLowerCase(Locale.ROOT)) {
      case "edge" -> NodeTier.EDGE;
      case "fog" -> NodeTier.FOG;
      case "cloud" -> NodeTier.CLOUD;
      default -> NodeTier.UNKNOWN;
    };
  }

  private static List<String> capabilities(Map<String, String> labels) {
    List<String> capabilities = new ArrayList<>();
    labels.forEach((key, value) -> {
      if (key.startsWith(NodeMetadataKeys.CAPABILITY_LABEL_PREFIX) && "true".equalsIgnoreCase(value)) {
        capabilities.add(key.substring(NodeMetadataKeys.CAPABILITY_LABEL_PREFIX.length()));
      }
    });
    return capabilities;
  }

  private static NodeResources resources(Map<String, Quantity> resources) {
    return NodeResources.newBuilder()
        .setCpuCores(Quantities.amount(resources, "cpu").doubleValue())
        .setMemoryBytes(Quantities.amount(resources, "memory").longValue())
        .setPods(Quantities.amount(resources, "pods").intValue())
        .build();
  }

  private static RealtimeCapability realtime(Node node, Map<String, Quantity> capacity) {
    Map<String, String> annotations = node.getMetadata().getAnnotations() == null
        ? Map.of() : node.getMetadata().getAnnotations();
    String name = node.getMetadata().getName();
    int cpus = (int) parse(name, annotations, NodeMetadataKeys.REALTIME_CPUS,
        Quantities.amount(capacity, "cpu").intValue());
    long runtime = parse(name, annotations, NodeMetadataKeys.REALTIME_RUNTIME_MICROS,
        NodeMetadataKeys.DEFAULT_RT_RUNTIME_MICROS);
    long period = parse(name, annotations, NodeMetadataKeys.REALTIME_PERIOD_MICROS,
        NodeMetadataKeys.DEFAULT_RT_PERIOD_MICROS);
    String policies = annotations.getOrDefault(NodeMetadataKeys.REALTIME_POLICIES, "FIFO,RR,DEADLINE");
    return RealtimeCapability.newBuilder()
        .setCpus(cpus)
        .setRtRuntimeMicros(runtime)
        .setRtPeriodMicros(period)
        .setPolicies(Arrays.stream(policies.split(",")).map(String::trim).filter(p -> !p.isEmpty())
            .map(p -> p.toUpperCase(Locale.ROOT)).toList())
        .build();
  }

  /** Parses a numeric annotation; an unparsable value logs a warning and falls back to the default. */
  private static long parse(String node, Map<String, String> annotations, String key, long fallback) {
    String value = annotations.get(key);
    if (value == null) {
      return fallback;
    }
    try {
      return Long.parseLong(value.trim());
    } catch (NumberFormatException e) {
      log.warn("Node {} has annotation {}={}, which is not an integer; publishing the default {}",
          node, key, value, fallback);
      return fallback;
    }
  }

  private static List<NodeCondition> conditions(Node node, Instant observedTime) {
    if (node.getStatus() == null || node.getStatus().getConditions() == null) {
      return List.of();
    }
    List<NodeCondition> conditions = new ArrayList<>();
    for (io.fabric8.kubernetes.api.model.NodeCondition condition : node.getStatus().getConditions()) {
      conditions.add(NodeCondition.newBuilder()
          .setType(condition.getType())
          .setStatus(status(condition.getStatus()))
          .setReason(condition.getReason())
          .setMessage(condition.getMessage())
          .setLastTransitionTime(Timestamps.parseOr(condition.getLastTransitionTime(), observedTime))
          .build());
    }
    return conditions;
  }

  static ConditionStatus status(String value) {
    if ("True".equals(value)) {
      return ConditionStatus.TRUE;
    }
    if ("False".equals(value)) {
      return ConditionStatus.FALSE;
    }
    return ConditionStatus.UNKNOWN;
  }
}
