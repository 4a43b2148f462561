package dev.edgeplane.bench.city;

import dev.edgeplane.ingest.simulate.CityNode;
import dev.edgeplane.ingest.simulate.CityNodeLabels;
import dev.edgeplane.ingest.simulate.CityTopology;
import dev.edgeplane.k8ssim.SimulatedKubernetes;
import dev.edgeplane.k8ssim.SimulatedNode;
import java.util.List;

/**
 * Turns the nodes of a {@link CityTopology} into nodes of a {@link SimulatedKubernetes}, labelled as
 * the controller, the scheduler and the inventory publisher read them: location, tier, one label
 * per capability, and the district and kind of the location for location selectors.
 */
public final class CityNodes {

  /** Label: the district of the node's location, such as {@code old-town} or {@code north}. */
  public static final String DISTRICT_LABEL = CityNodeLabels.DISTRICT_LABEL;
  /** Label: what stands at the node's location, such as {@code intersection} or {@code cloud}. */
  public static final String LOCATION_KIND_LABEL = CityNodeLabels.LOCATION_KIND_LABEL;

  private CityNodes() {
  }

  /** Describes the city node as a simulated node, with its labels and capacity. */
  public static SimulatedNode toSimulatedNode(CityNode node) {
    SimulatedNode.Builder builder = SimulatedNode.builder(node.name())
        .cpu(Integer.toString(node.cpuCores()))
        .memory(CityNodeLabels.memoryQuantity(node))
        .maxPods(CityNodeLabels.MAX_PODS);
    CityNodeLabels.labels(node).forEach(builder::label);
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
