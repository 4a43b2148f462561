package dev.edgeplane.ingest.simulate.internal;

import dev.edgeplane.ingest.simulate.CityLocation;
import dev.edgeplane.ingest.simulate.CityNode;
import dev.edgeplane.ingest.simulate.LivingLabOptions;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;

/**
 * Lays out a city shaped like the Aveiro Tech City Living Lab. Access points stand at random spots
 * of a disc around the centre of Aveiro, whose radius grows with the square root of their count so
 * that their density stays that of the real lab (44 points within about 1.8 km). Aggregation sites
 * sit on a sunflower spiral over the same disc, which spreads any number of them evenly, and each
 * access point is uplinked to the nearest one. Every random choice draws from one {@link Random}
 * seeded with the options' seed, in a fixed order, so a seed gives one city.
 */
public final class LivingLabBuilder {

  static final double CENTRE_LAT = 40.6405;
  static final double CENTRE_LON = -8.6538;
  static final double DEFAULT_RADIUS_METERS = 1_800;
  /** The cloud data centre is in Lisbon, about 210 km south of Aveiro. */
  static final double CLOUD_LAT = 38.7369;
  static final double CLOUD_LON = -9.1427;
  static final String CLOUD_LOCATION_ID = "cloud-dc";
  /** Share of access points on lamp posts; the rest are wall boxes on buildings. */
  static final double LAMP_POST_SHARE = 0.7;

  private static final List<String> DISTRICTS = List.of("centro", "universidade", "beira-mar", "esgueira", "aradas",
      "sao-bernardo", "gloria", "vera-cruz", "santa-joana", "cacia", "oliveirinha", "eixo");
  private static final double GOLDEN_ANGLE = Math.PI * (3 - Math.sqrt(5));

  private final LivingLabOptions options;
  private final Random random;
  private final double radiusMeters;

  /** The nodes of the city and the uplink of each node below the cloud. */
  public record Layout(List<CityLocation> accessPoints, List<CityNode> nodes, Map<String, String> uplinks) {
  }

  public LivingLabBuilder(LivingLabOptions options) {
    this.options = options;
    this.random = new Random(options.seed());
    this.radiusMeters = DEFAULT_RADIUS_METERS * Math.sqrt(options.accessPoints() / 44.0);
  }

  /** Builds the locations, nodes and uplinks: access points first, then aggregation, then cloud nodes. */
  public Layout build() {
    List<double[]> sites = aggregationSites();
    List<CityNode> aggregation = new ArrayList<>();
    for (int i = 0; i < sites.size(); i++) {
      double[] site = sites.get(i);
      String id = "agg-" + pad(i + 1, sites.size());
      double[] position = Geo.offset(CENTRE_LAT, CENTRE_LON, site[0], site[1]);
      CityLocation location = new CityLocation(id, "Aggregation cabinet " + id, district(i), "aggregation",
          position[0], position[1]);
      aggregation.add(aggregationNode("fog-" + id, location, List.of()));
    }
    List<CityNode> cloud = new ArrayList<>();
    CityLocation dataCentre = new CityLocation(CLOUD_LOCATION_ID, "Cloud data centre, Lisbon", "cloud", "cloud",
        CLOUD_LAT, CLOUD_LON);
    for (int n = 1; n <= options.cloudNodes(); n++) {
      cloud.add(new CityNode("cloud-" + n, dataCentre, CityNode.Tier.CLOUD, new TreeSet<>(List.of("gpu", "storage")),
          64, 262_144));
    }

    List<CityLocation> accessPoints = new ArrayList<>();
    List<CityNode> nodes = new ArrayList<>();
    Map<String, String> uplinks = new LinkedHashMap<>();
    for (int i = 0; i < options.accessPoints(); i++) {
      double r = radiusMeters * Math.sqrt(random.nextDouble());
      double theta = 2 * Math.PI * random.nextDouble();
      double north = r * Math.cos(theta);
      double east = r * Math.sin(theta);
      int nearest = nearest(sites, north, east);
      boolean lampPost = random.nextDouble() < LAMP_POST_SHARE;
      String id = "ap-" + pad(i + 1, options.accessPoints());
      double[] position = Geo.offset(CENTRE_LAT, CENTRE_LON, north, east);
      CityLocation location = new CityLocation(id, (lampPost ? "Smart lamp post " : "Wall box ") + id,
          district(nearest), lampPost ? "lamp-post" : "wall-box", position[0], position[1]);
      CityNode node = lampPost ? lampPostUnit(location) : wallBoxUnit(location);
      accessPoints.add(location);
      nodes.add(node);
      uplinks.put(node.name(), aggregation.get(nearest).name());
    }
    for (CityNode node : aggregation) {
      uplinks.put(node.name(), cloud.get(0).name());
    }
    nodes.addAll(aggregation);
    nodes.addAll(cloud);
    return new Layout(accessPoints, nodes, uplinks);
  }

  /**
   * Builds an aggregation (fog) node: a cabinet server with 32 cores and 64 GiB, real-time capable,
   * with a GPU and storage, plus {@code extraCapabilities}.
   */
  public static CityNode aggregationNode(String name, CityLocation location, Collection<String> extraCapabilities) {
    TreeSet<String> capabilities = new TreeSet<>(List.of("realtime", "gpu", "storage"));
    capabilities.addAll(extraCapabilities);
    return new CityNode(name, location, CityNode.Tier.FOG, capabilities, 32, 65_536);
  }

  /** Builds a lamp-post edge unit: small, with the street sensors a lamp post carries. */
  private CityNode lampPostUnit(CityLocation location) {
    TreeSet<String> capabilities = new TreeSet<>(List.of("realtime"));
    maybeAdd(capabilities, "camera", 0.6);
    maybeAdd(capabilities, "lidar", 0.2);
    maybeAdd(capabilities, "air-quality", 0.5);
    maybeAdd(capabilities, "5g", 0.3);
    return new CityNode("edge-" + location.id(), location, CityNode.Tier.EDGE, capabilities, 4, 8_192);
  }

  /** Builds a wall-box edge unit: larger, with vehicle radios and sometimes a GPU. */
  private CityNode wallBoxUnit(CityLocation location) {
    TreeSet<String> capabilities = new TreeSet<>(List.of("realtime"));
    maybeAdd(capabilities, "its-g5", 0.5);
    maybeAdd(capabilities, "gpu", 0.4);
    maybeAdd(capabilities, "camera", 0.3);
    maybeAdd(capabilities, "radar", 0.2);
    return new CityNode("edge-" + location.id(), location, CityNode.Tier.EDGE, capabilities, 8, 16_384);
  }

  private void maybeAdd(TreeSet<String> capabilities, String capability, double share) {
    if (random.nextDouble() < share) {
      capabilities.add(capability);
    }
  }

  /** Aggregation sites as metres north and east of the centre, on a sunflower spiral. */
  private List<double[]> aggregationSites() {
    int count = options.aggregationNodes();
    List<double[]> sites = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      double r = count == 1 ? 0 : radiusMeters * Math.sqrt((i + 0.5) / count);
      double theta = i * GOLDEN_ANGLE;
      sites.add(new double[] {r * Math.cos(theta), r * Math.sin(theta)});
    }
    return sites;
  }

  private static int nearest(List<double[]> sites, double north, double east) {
    int best = 0;
    double bestSquare = Double.MAX_VALUE;
    for (int i = 0; i < sites.size(); i++) {
      double dn = sites.get(i)[0] - north;
      double de = sites.get(i)[1] - east;
      double square = dn * dn + de * de;
      if (square < bestSquare) {
        bestSquare = square;
        best = i;
      }
    }
    return best;
  }

  private static String district(int aggregationIndex) {
    return aggregationIndex < DISTRICTS.size() ? DISTRICTS.get(aggregationIndex) : "district-" + (aggregationIndex + 1);
  }

  /** Zero-pads {@code number} to the width of {@code count}, at least two digits, so names sort in order. */
  private static String pad(int number, int count) {
    int width = Math.max(2, Integer.toString(count).length());
    return String.format("%0" + width + "d", number);
  }
}
