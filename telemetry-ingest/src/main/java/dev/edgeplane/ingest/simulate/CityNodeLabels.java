package dev.edgeplane.ingest.simulate;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The Kubernetes labels and capacity of a {@link CityNode}, with the keys the scheduler, the
 * FogService controller and the inventory publisher read: location, tier, one label per capability,
 * and the district and kind of the location for location selectors.
 */
public final class CityNodeLabels {

  /** Label: the node's location id, the value FogService placements name. */
  public static final String LOCATION_LABEL = "edgeplane.dev/location";
  /** Label: {@code edge}, {@code fog} or {@code cloud}. */
  public static final String TIER_LABEL = "edgeplane.dev/tier";
  /** Label: the district of the node's location, such as {@code centro} or {@code old-town}. */
  public static final String DISTRICT_LABEL = "edgeplane.dev/district";
  /** Label: the kind of site at the location, such as {@code lamp-post}, {@code wall-box} or {@code cloud}. */
  public static final String LOCATION_KIND_LABEL = "edgeplane.dev/location-kind";
  /** Label prefix: {@code capability.edgeplane.dev/<name>=true} advertises capability {@code name}. */
  public static final String CAPABILITY_LABEL_PREFIX = "capability.edgeplane.dev/";
  /** Pods each simulated node admits, the kubelet default. */
  public static final int MAX_PODS = 110;

  private CityNodeLabels() {
  }

  /** Returns the node's labels, in a fixed order: hostname, location, tier, district, kind, capabilities. */
  public static Map<String, String> labels(CityNode node) {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put("kubernetes.io/hostname", node.name());
    labels.put(LOCATION_LABEL, node.location().id());
    labels.put(TIER_LABEL, node.tier().label());
    labels.put(DISTRICT_LABEL, node.location().district());
    labels.put(LOCATION_KIND_LABEL, node.location().kind());
    node.capabilities().stream().sorted().forEach(capability -> labels.put(CAPABILITY_LABEL_PREFIX + capability, "true"));
    return labels;
  }

  /** Returns the node's memory capacity as a Kubernetes quantity, such as {@code 8192Mi}. */
  public static String memoryQuantity(CityNode node) {
    return node.memoryMebibytes() + "Mi";
  }

  /** Describes the node as a Kubernetes node with its labels, and its capacity as allocatable. */
  public static Node toKubernetesNode(CityNode node) {
    Map<String, Quantity> capacity = new LinkedHashMap<>();
    capacity.put("cpu", new Quantity(Integer.toString(node.cpuCores())));
    capacity.put("memory", new Quantity(memoryQuantity(node)));
    capacity.put("pods", new Quantity(Integer.toString(MAX_PODS)));
    return new NodeBuilder()
        .withNewMetadata().withName(node.name()).withLabels(labels(node)).endMetadata()
        .withNewSpec().endSpec()
        .withNewStatus().withCapacity(capacity).withAllocatable(capacity).endStatus()
        .build();
  }
}
