package dev.edgeplane.bench.city;

import dev.edgeplane.ingest.simulate.CityNode;
import dev.edgeplane.ingest.simulate.CityTopology;
import dev.edgeplane.k8ssim.SimulatedKubernetes;
import dev.edgeplane.k8ssim.SimulatedNode;
import dev.edgeplane.scheduler.api.v1alpha1.NodeMetadataKeys;
import java.util.List;

/**
 * Turns the nodes of a {@link CityTopology} into nodes of a {@link SimulatedKubernetes}, labelled as
 * the controller, the scheduler and the inventory publisher read them: location, tier, one label
 * per capability, and the district and kind of the location for location selectors.
 */
public final class CityNodes {

  /** Label: the district of the node's location, such as {@code old-town} or {@code north}. */
  public static final String DISTRICT_LABEL = "edgeplane.dev/district";
  /** Label: {@code intersection} for an edge node, {@code cloud} for a cloud node. */
  public static final String LOCATION_KIND_LABEL = "edgeplane.dev/location-kind";

  private CityNodes() {
  }

  /** Describes the city node as a simulated node, with its labels and capacity. */
  public static SimulatedNode toSimulatedNode(CityNode node) {
    SimulatedNode.Builder builder = SimulatedNode.builder(node.name())
        .label(NodeMetadataKeys.LOCATION_LABEL, node.location().id())
        .label(NodeMetadataKeys.TIER_LABEL, node.tier().label())
        .label(DISTRICT_LABEL, node.location().district())
        .label(LOCATION_KIND_LABEL, node.tier() == CityNode.Tier.EDGE ? "intersection" : "cloud")
        .cpu(Integer.toString(node.cpuCores()))
        .memory(node.memoryMebibytes() + "Mi");
    node.capabilities().stream().sorted()
        .forEach(capability -> builder.label(NodeMetadataKeys.CAPABILITY_LABEL_PREFIX + capability, "true"));
    return builder.build();
  }

  /**
   * Adds every node of the city to the simulated API, Ready, in topology order. Blocks on two API
   * calls per node.
   *
   * @return the names of the nodes added
   */
  public static List<String> addAll(SimulatedKubernetes kubernetes, CityTopology city) {
    List<CityNode> nodes = city.nodes();
    for (CityNode node : nodes) {
      kubernetes.addNode(toSimulatedNode(node));
    }
    return nodes.stream().map(CityNode::name).toList();
  }
}
