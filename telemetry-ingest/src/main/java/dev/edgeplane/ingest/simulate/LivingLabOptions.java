package dev.edgeplane.ingest.simulate;

/**
 * Size of a city shaped like the Aveiro Tech City Living Lab: access points on smart lamp posts and
 * wall boxes, each with an edge unit, grouped under aggregation (fog) nodes, with a cloud data
 * centre above them. The same options always give the same city.
 *
 * @param seed             seed of every random choice: positions, site kinds, capabilities, sizes
 * @param accessPoints     access points, one edge node each
 * @param aggregationNodes aggregation (fog) nodes; each access point is uplinked to the nearest one
 * @param cloudNodes       nodes in the cloud data centre; the first one runs the control plane
 */
public record LivingLabOptions(long seed, int accessPoints, int aggregationNodes, int cloudNodes) {

  /** Access points of the Aveiro living lab. */
  public static final int DEFAULT_ACCESS_POINTS = 44;
  /** Aggregation nodes of the default city, about one per eleven access points. */
  public static final int DEFAULT_AGGREGATION_NODES = 4;
  public static final int DEFAULT_CLOUD_NODES = 2;
  public static final long DEFAULT_SEED = 42L;
  /** Access points per aggregation node when {@link #forNodeCount} scales the city. */
  public static final int ACCESS_POINTS_PER_AGGREGATION = 11;
  /** Largest city this simulator is sized and tested for, in nodes. */
  public static final int MAX_NODES = 10_000;

  public LivingLabOptions {
    if (accessPoints < 1) {
      throw new IllegalArgumentException("accessPoints is " + accessPoints + ": give at least 1 access point");
    }
    if (aggregationNodes < 1 || aggregationNodes > accessPoints) {
      throw new IllegalArgumentException("aggregationNodes is " + aggregationNodes + " for " + accessPoints
          + " access points: give 1 to " + accessPoints);
    }
    if (cloudNodes < 1) {
      throw new IllegalArgumentException("cloudNodes is " + cloudNodes
          + ": give at least 1, because the control plane runs on the first cloud node");
    }
    if ((long) accessPoints + aggregationNodes + cloudNodes > MAX_NODES) {
      throw new IllegalArgumentException("The city would have " + ((long) accessPoints + aggregationNodes + cloudNodes)
          + " nodes: give at most " + MAX_NODES + " in all");
    }
  }

  /** Returns the Aveiro-sized city: 44 access points, 4 aggregation nodes and 2 cloud nodes, seed 42. */
  public static LivingLabOptions defaults() {
    return new LivingLabOptions(DEFAULT_SEED, DEFAULT_ACCESS_POINTS, DEFAULT_AGGREGATION_NODES, DEFAULT_CLOUD_NODES);
  }

  /**
   * Returns a city of exactly {@code nodes} nodes: {@value #DEFAULT_CLOUD_NODES} in the cloud, one
   * aggregation node per {@value #ACCESS_POINTS_PER_AGGREGATION} access points (rounded up), and
   * access points for the rest. {@code forNodeCount(seed, 50)} is the default city.
   *
   * @throws IllegalArgumentException if {@code nodes} is below 4 or above {@value #MAX_NODES}
   */
  public static LivingLabOptions forNodeCount(long seed, int nodes) {
    if (nodes < 4 || nodes > MAX_NODES) {
      throw new IllegalArgumentException("nodes is " + nodes + ": give 4 to " + MAX_NODES
          + " (at least one access point, one aggregation node and two cloud nodes)");
    }
    int belowCloud = nodes - DEFAULT_CLOUD_NODES;
    int aggregation = (belowCloud + ACCESS_POINTS_PER_AGGREGATION) / (ACCESS_POINTS_PER_AGGREGATION + 1);
    return new LivingLabOptions(seed, belowCloud - aggregation, aggregation, DEFAULT_CLOUD_NODES);
  }

  /** Total node count. */
  public int nodeCount() {
    return accessPoints + aggregationNodes + cloudNodes;
  }
}
