package dev.edgeplane.ingest.simulate;

import java.util.Objects;
import java.util.Set;

/**
 * A computer of the simulated city: an edge unit at a location, an aggregation (fog) node that
 * serves a district, or a server in the cloud. Immutable.
 *
 * @param name         node name, a DNS subdomain such as {@code edge-intersection-7-1}
 * @param location     the location it is at; for a cloud node, the cloud location
 * @param tier         edge, fog or cloud
 * @param capabilities capability names, such as {@code realtime} or {@code camera}
 * @param cpuCores     CPU cores
 * @param memoryMebibytes memory, in MiB
 */
public record CityNode(String name, CityLocation location, Tier tier, Set<String> capabilities, int cpuCores,
    int memoryMebibytes) {

  /** Position of a node in the edge-cloud continuum. */
  public enum Tier {
    EDGE("edge"),
    FOG("fog"),
    CLOUD("cloud");

    private final String label;

    Tier(String label) {
      this.label = label;
    }

    /** Returns the value of the node's tier label: {@code edge}, {@code fog} or {@code cloud}. */
    public String label() {
      return label;
    }
  }

  public CityNode {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(location, "location");
    Objects.requireNonNull(tier, "tier");
    capabilities = Set.copyOf(capabilities);
    if (cpuCores < 1 || memoryMebibytes < 1) {
      throw new IllegalArgumentException("Node " + name + " has " + cpuCores + " CPU cores and " + memoryMebibytes
          + " MiB: give at least 1 of each");
    }
  }
}
