package dev.edgeplane.ingest.simulate.internal;

import dev.edgeplane.ingest.simulate.CityLocation;
import dev.edgeplane.ingest.simulate.CityNode;
import dev.edgeplane.ingest.simulate.TopologyOptions;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;

/**
 * Chooses intersections from sensor points and equips them with nodes. Every random choice draws
 * from one {@link Random} seeded with the options' seed, in a fixed order, so a seed gives one city.
 */
public final class CityBuilder {

  /** Edge units within this distance of the centre of the chosen points form the old town. */
  static final double OLD_TOWN_RADIUS_METERS = 1_500;
  static final String CLOUD_LOCATION_ID = "cloud-central";

  private final TopologyOptions options;
  private final Random random;

  public CityBuilder(TopologyOptions options) {
    this.options = options;
    this.random = new Random(options.seed());
  }

  /** Chooses the intersections, numbered {@code intersection-1} onwards in sensor-point order. */
  public List<CityLocation> chooseLocations(List<SensorPoint> points, String source) {
    if (options.locations() > points.size()) {
      throw new IllegalArgumentException("locations is " + options.locations() + " but " + source + " has only "
          + points.size() + " distinct intersections: ask for at most " + points.size());
    }
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < points.size(); i++) {
      order.add(i);
    }
    Collections.shuffle(order, random);
    List<Integer> chosen = new ArrayList<>(new TreeSet<>(order.subList(0, options.locations())));

    double centreLat = chosen.stream().mapToDouble(i -> points.get(i).latitude()).average().orElseThrow();
    double centreLon = chosen.stream().mapToDouble(i -> points.get(i).longitude()).average().orElseThrow();
    List<CityLocation> locations = new ArrayList<>();
    for (int i = 0; i < chosen.size(); i++) {
      SensorPoint point = points.get(chosen.get(i));
      String district = district(centreLat, centreLon, point.latitude(), point.longitude());
      String name = (point.street().isEmpty() ? "sensor point " : point.street() + ", sensor point ") + point.name();
      locations.add(new CityLocation("intersection-" + (i + 1), name, district, "intersection", point.latitude(),
          point.longitude()));
    }
    return locations;
  }

  /** Returns the cloud location: a data centre placed at the centre of the city's intersections. */
  public CityLocation cloudLocation(List<CityLocation> intersections) {
    double lat = intersections.stream().mapToDouble(CityLocation::latitude).average().orElseThrow();
    double lon = intersections.stream().mapToDouble(CityLocation::longitude).average().orElseThrow();
    return new CityLocation(CLOUD_LOCATION_ID, "Cloud data centre", "cloud", "cloud", lat, lon);
  }

  /**
   * Edge nodes at each intersection, then the cloud nodes. Every edge unit is real-time capable;
   * three in four carry a camera and one in four a GPU.
   */
  public List<CityNode> nodes(List<CityLocation> intersections, CityLocation cloud) {
    List<CityNode> nodes = new ArrayList<>();
    for (CityLocation location : intersections) {
      for (int n = 1; n <= options.edgeNodesPerLocation(); n++) {
        TreeSet<String> capabilities = new TreeSet<>(List.of("realtime"));
        if (random.nextDouble() < 0.75) {
          capabilities.add("camera");
        }
        if (random.nextDouble() < 0.25) {
          capabilities.add("gpu");
        }
        int cores = random.nextBoolean() ? 4 : 8;
        nodes.add(new CityNode("edge-" + location.id() + "-" + n, location, CityNode.Tier.EDGE, capabilities, cores,
            cores * 2_048));
      }
    }
    for (int n = 1; n <= options.cloudNodes(); n++) {
      nodes.add(new CityNode("cloud-" + n, cloud, CityNode.Tier.CLOUD, new TreeSet<>(List.of("gpu", "storage")), 32,
          131_072));
    }
    return nodes;
  }

  private static String district(double centreLat, double centreLon, double lat, double lon) {
    double north = Geo.distanceMeters(centreLat, centreLon, lat, centreLon) * Math.signum(lat - centreLat);
    double east = Geo.distanceMeters(centreLat, centreLon, centreLat, lon) * Math.signum(lon - centreLon);
    if (Math.hypot(north, east) <= OLD_TOWN_RADIUS_METERS) {
      return "old-town";
    }
    if (Math.abs(north) >= Math.abs(east)) {
      return north > 0 ? "north" : "south";
    }
    return east > 0 ? "east" : "west";
  }
}
