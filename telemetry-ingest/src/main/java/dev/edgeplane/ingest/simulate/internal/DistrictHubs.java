package dev.edgeplane.ingest.simulate.internal;

import dev.edgeplane.ingest.simulate.CityLocation;
import dev.edgeplane.ingest.simulate.CityNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Adds an aggregation tier to a city of intersections: one hub per district, at the mean position
 * of the district's intersections, with aggregation nodes of the living-lab shape. Each edge node
 * is uplinked to the first node of its district's hub, and each hub node to the first cloud node,
 * as access points and aggregation nodes are in the living lab.
 */
public final class DistrictHubs {

  /**
   * Capability of hub nodes beyond those of living-lab aggregation nodes: hub cabinets also run
   * legacy services on the host, as the {@code legacy-host} RuntimeClass of the examples expects.
   */
  static final String LEGACY_HOST = "legacy-host";

  /** The nodes of the city with hubs, edge then aggregation then cloud, and the uplink of each node below the cloud. */
  public record Layout(List<CityNode> nodes, Map<String, String> uplinks) {
  }

  private DistrictHubs() {
  }

  /** Returns the location id of a district's hub, such as {@code district-north-hub}. */
  public static String hubLocationId(String district) {
    return "district-" + district + "-hub";
  }

  /**
   * Builds the hubs for the edge nodes of {@code nodes}, which must have no aggregation node yet.
   *
   * @param nodesPerHub aggregation nodes at each hub, at least 1
   */
  public static Layout add(List<CityNode> nodes, int nodesPerHub) {
    List<CityNode> edges = nodes.stream().filter(node -> node.tier() == CityNode.Tier.EDGE).toList();
    List<CityNode> cloud = nodes.stream().filter(node -> node.tier() == CityNode.Tier.CLOUD).toList();
    Map<String, List<CityLocation>> byDistrict = new LinkedHashMap<>();
    for (CityNode edge : edges) {
      List<CityLocation> locations = byDistrict.computeIfAbsent(edge.location().district(), d -> new ArrayList<>());
      if (!locations.contains(edge.location())) {
        locations.add(edge.location());
      }
    }

    Map<String, List<CityNode>> hubs = new LinkedHashMap<>();
    byDistrict.forEach((district, locations) -> {
      String id = hubLocationId(district);
      CityLocation hub = new CityLocation(id, "Aggregation cabinet of district " + district, district, "aggregation",
          locations.stream().mapToDouble(CityLocation::latitude).average().orElseThrow(),
          locations.stream().mapToDouble(CityLocation::longitude).average().orElseThrow());
      List<CityNode> hubNodes = new ArrayList<>();
      for (int n = 1; n <= nodesPerHub; n++) {
        hubNodes.add(LivingLabBuilder.aggregationNode("fog-" + id + "-" + n, hub, List.of(LEGACY_HOST)));
      }
      hubs.put(district, hubNodes);
    });

    Map<String, String> uplinks = new LinkedHashMap<>();
    for (CityNode edge : edges) {
      uplinks.put(edge.name(), hubs.get(edge.location().district()).get(0).name());
    }
    List<CityNode> all = new ArrayList<>(edges);
    hubs.values().forEach(hubNodes -> {
      all.addAll(hubNodes);
      if (!cloud.isEmpty()) {
        hubNodes.forEach(node -> uplinks.put(node.name(), cloud.get(0).name()));
      }
    });
    all.addAll(cloud);
    return new Layout(all, uplinks);
  }
}
