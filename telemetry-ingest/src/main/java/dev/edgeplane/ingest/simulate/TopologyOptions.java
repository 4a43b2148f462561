package dev.edgeplane.ingest.simulate;

/**
 * How large a {@link CityTopology} to build. The same options and seed always give the same city.
 *
 * @param seed                 seed of every random choice: which intersections, which capabilities
 * @param locations            intersections to place edge nodes at
 * @param edgeNodesPerLocation edge nodes at each intersection
 * @param cloudNodes           nodes in the cloud location
 */
public record TopologyOptions(long seed, int locations, int edgeNodesPerLocation, int cloudNodes) {

  /** Default intersections: a district-sized slice of the Aarhus sensor points. */
  public static final int DEFAULT_LOCATIONS = 24;
  public static final int DEFAULT_EDGE_NODES_PER_LOCATION = 2;
  public static final int DEFAULT_CLOUD_NODES = 3;
  public static final long DEFAULT_SEED = 42L;

  public TopologyOptions {
    if (locations < 1) {
      throw new IllegalArgumentException("locations is " + locations + ": give at least 1 intersection");
    }
    if (edgeNodesPerLocation < 1) {
      throw new IllegalArgumentException("edgeNodesPerLocation is " + edgeNodesPerLocation
          + ": give at least 1 edge node per intersection");
    }
    if (cloudNodes < 0) {
      throw new IllegalArgumentException("cloudNodes is " + cloudNodes + ": give 0 or more");
    }
  }

  /** Returns the defaults: 24 intersections with 2 edge nodes each and 3 cloud nodes, seed 42. */
  public static TopologyOptions defaults() {
    return new TopologyOptions(DEFAULT_SEED, DEFAULT_LOCATIONS, DEFAULT_EDGE_NODES_PER_LOCATION, DEFAULT_CLOUD_NODES);
  }

  /** Total node count: edge nodes at every intersection plus the cloud nodes. */
  public int nodeCount() {
    return locations * edgeNodesPerLocation + cloudNodes;
  }
}
