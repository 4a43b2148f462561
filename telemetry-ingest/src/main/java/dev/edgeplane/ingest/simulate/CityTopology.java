package dev.edgeplane.ingest.simulate;

import dev.edgeplane.ingest.simulate.internal.CityBuilder;
import dev.edgeplane.ingest.simulate.internal.DistrictHubs;
import dev.edgeplane.ingest.simulate.internal.Geo;
import dev.edgeplane.ingest.simulate.internal.LivingLabBuilder;
import dev.edgeplane.ingest.simulate.internal.SensorPoint;
import dev.edgeplane.ingest.simulate.internal.SyntheticGrid;
import dev.edgeplane.ingest.simulate.internal.TrafficMetadataReader;
import io.fabric8.kubernetes.api.model.Node;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The computers of a simulated city, with an estimate of the round-trip time between any two.
 * Three shapes: {@link #livingLab} lays out a city like the Aveiro Tech City Living Lab (access
 * points, aggregation nodes, a cloud data centre), the simulator's default; {@link #fromTraces}
 * puts edge nodes at the intersections of the Aarhus road-traffic metadata; {@link #synthetic}
 * puts them on a street grid. {@link #withDistrictHubs} gives the last two an aggregation tier.
 * Immutable and safe to share between threads.
 */
public final class CityTopology {

  /** Environment variable naming the traces folder, the one that contains {@code aarhus-traffic/}. */
  public static final String TRACES_DIR_ENV = "EDGEPLANE_TRACES_DIR";

  /**
   * Round-trip time one edge node adds, in microseconds: its access link and switching at the
   * intersection cabinet.
   */
  public static final long EDGE_PENALTY_MICROS = 500;
  /** Round-trip time one aggregation (fog) node adds, in microseconds: its switch and metro ring. */
  public static final long FOG_PENALTY_MICROS = 1_000;
  /** Round-trip time one cloud node adds, in microseconds: the metro and WAN hops to a data centre. */
  public static final long CLOUD_PENALTY_MICROS = 10_000;
  /** Fibre runs this much longer than the straight line between two points. */
  public static final double ROUTE_FACTOR = 1.5;
  /** Light in fibre covers about 200 m per microsecond (two thirds of its speed in vacuum). */
  public static final double FIBRE_METERS_PER_MICRO = 200;

  private static final Logger log = LoggerFactory.getLogger(CityTopology.class);
  private static final String FIX = "set --traces or " + TRACES_DIR_ENV + " to the folder that holds "
      + TrafficMetadataReader.RELATIVE_PATH + ", or leave both unset for a synthetic grid city";

  private final String source;
  private final List<CityLocation> intersections;
  private final CityLocation cloud;
  private final Map<String, CityNode> nodes;
  private final Map<String, String> uplinks;
  private final CityNode controlNode;

  private CityTopology(String source, List<CityLocation> edgeLocations, CityLocation cloud, List<CityNode> nodeList,
      Map<String, String> uplinks) {
    this.source = source;
    this.intersections = List.copyOf(edgeLocations);
    this.cloud = cloud;
    Map<String, CityNode> byName = new LinkedHashMap<>();
    nodeList.forEach(node -> byName.put(node.name(), node));
    this.nodes = Collections.unmodifiableMap(byName);
    this.uplinks = Map.copyOf(uplinks);
    this.controlNode = nodeList.stream().filter(node -> node.tier() == CityNode.Tier.CLOUD).findFirst()
        .orElse(nodeList.get(0));
  }

  private static CityTopology fromPoints(String source, List<SensorPoint> points, TopologyOptions options) {
    CityBuilder builder = new CityBuilder(options);
    List<CityLocation> intersections = builder.chooseLocations(points, source);
    CityLocation cloud = builder.cloudLocation(intersections);
    List<CityNode> nodes = builder.nodes(intersections, cloud);
    Map<String, String> uplinks = new LinkedHashMap<>();
    nodes.stream().filter(node -> node.tier() == CityNode.Tier.CLOUD).findFirst().ifPresent(first -> nodes.stream()
        .filter(node -> node.tier() == CityNode.Tier.EDGE).forEach(node -> uplinks.put(node.name(), first.name())));
    return new CityTopology(source, intersections, cloud, nodes, uplinks);
  }

  /**
   * Builds a city shaped like the Aveiro Tech City Living Lab: access points on lamp posts and wall
   * boxes with one edge node each, aggregation (fog) nodes that each serve a district, and a cloud
   * data centre. It is the default city of the simulator. Does no I/O.
   */
  public static CityTopology livingLab(LivingLabOptions options) {
    LivingLabBuilder.Layout layout = new LivingLabBuilder(options).build();
    CityLocation cloud = layout.nodes().get(layout.nodes().size() - 1).location();
    return new CityTopology("Aveiro-like living lab", layout.accessPoints(), cloud, layout.nodes(), layout.uplinks());
  }

  /**
   * Builds the city from {@code <tracesDir>/aarhus-traffic/trafficMetaData.csv}, read in place.
   * Blocks on file I/O.
   *
   * @throws IllegalArgumentException if the file is missing or malformed, naming the path and the
   *     fix, or if the file has fewer intersections than asked for
   */
  public static CityTopology fromTraces(Path tracesDir, TopologyOptions options) {
    Path file = tracesDir.resolve(TrafficMetadataReader.RELATIVE_PATH);
    List<SensorPoint> points = new TrafficMetadataReader(FIX).read(file);
    return fromPoints("Aarhus traffic metadata " + file, points, options);
  }

  /** Builds a synthetic grid city with exactly {@code options.locations()} intersections. */
  public static CityTopology synthetic(TopologyOptions options) {
    return fromPoints("synthetic grid", SyntheticGrid.points(options.locations()), options);
  }

  /**
   * Builds the city from the traces folder when one is given, else from {@value #TRACES_DIR_ENV}
   * in {@code environment}, else a synthetic grid, which it logs. Blocks on file I/O.
   */
  public static CityTopology load(Optional<Path> tracesDir, Map<String, String> environment, TopologyOptions options) {
    Optional<Path> folder = tracesDir.or(() -> Optional.ofNullable(environment.get(TRACES_DIR_ENV))
        .filter(value -> !value.isBlank()).map(Path::of));
    if (folder.isPresent()) {
      return fromTraces(folder.get(), options);
    }
    log.info("No traces folder configured (--traces or {}): using a synthetic grid city of {} intersections",
        TRACES_DIR_ENV, options.locations());
    return synthetic(options);
  }

  /**
   * Returns this city with an aggregation (fog) tier added: a hub per district at
   * {@code district-<district>-hub}, with {@code nodesPerHub} aggregation nodes named
   * {@code fog-district-<district>-hub-<n>}. Edge nodes are uplinked to their district's first hub
   * node and hub nodes to the first cloud node. Does no I/O.
   *
   * @throws IllegalArgumentException if {@code nodesPerHub} is below 1
   * @throws IllegalStateException if the city already has aggregation nodes, as a living-lab city does
   */
  public CityTopology withDistrictHubs(int nodesPerHub) {
    if (nodesPerHub < 1) {
      throw new IllegalArgumentException("nodesPerHub is " + nodesPerHub + ": give at least 1 aggregation node per hub");
    }
    if (!nodes(CityNode.Tier.FOG).isEmpty()) {
      throw new IllegalStateException("The city from " + source + " already has " + nodes(CityNode.Tier.FOG).size()
          + " aggregation nodes: add district hubs only to a city of intersections");
    }
    DistrictHubs.Layout layout = DistrictHubs.add(nodes(), nodesPerHub);
    return new CityTopology(source + " with district hubs", intersections, cloud, layout.nodes(), layout.uplinks());
  }

  /**
   * Returns where the city came from: the metadata file, {@code synthetic grid} or
   * {@code Aveiro-like living lab}, followed by {@code with district hubs} when they were added.
   */
  public String source() {
    return source;
  }

  /**
   * Returns the locations of the edge nodes, in id order: the intersections ({@code intersection-1}
   * onwards), or the access points of a living-lab city ({@code ap-01} onwards).
   */
  public List<CityLocation> intersections() {
    return intersections;
  }

  /** Returns the location of the cloud nodes: {@code cloud-central}, or {@code cloud-dc} in a living-lab city. */
  public CityLocation cloudLocation() {
    return cloud;
  }

  /** Returns every node: edge nodes by location, then aggregation nodes, then cloud nodes. */
  public List<CityNode> nodes() {
    return List.copyOf(nodes.values());
  }

  /** Returns the node called {@code name}, if there is one. */
  public Optional<CityNode> node(String name) {
    return Optional.ofNullable(nodes.get(name));
  }

  /** Returns the nodes of one tier, in topology order. */
  public List<CityNode> nodes(CityNode.Tier tier) {
    return nodes.values().stream().filter(node -> node.tier() == tier).toList();
  }

  /** Returns the node count. */
  public int size() {
    return nodes.size();
  }

  /**
   * Returns the node that {@code node}'s traffic to the cloud goes through: the aggregation node of
   * an access point, or the first cloud node for an aggregation node or an intersection's edge node.
   * Empty for a cloud node.
   */
  public Optional<CityNode> uplink(CityNode node) {
    return Optional.ofNullable(uplinks.get(node.name())).map(nodes::get);
  }

  /**
   * Returns the node the control plane runs on, the vantage point of control-to-node probes: the
   * first cloud node, or the first node of a city without cloud nodes.
   */
  public CityNode controlNode() {
    return controlNode;
  }

  /**
   * Describes every node as a Kubernetes {@link Node}, in topology order, labelled as
   * {@link CityNodeLabels} specifies and with its capacity as allocatable. Does no I/O; the objects are
   * new on each call and belong to the caller.
   */
  public List<Node> kubernetesNodes() {
    return nodes.values().stream().map(CityNodeLabels::toKubernetesNode).toList();
  }

  /**
   * Estimates the round-trip time between two nodes, in microseconds. It is an estimate, not a
   * measurement: twice the straight-line distance, lengthened by {@value #ROUTE_FACTOR} for the
   * route the fibre takes, at {@value #FIBRE_METERS_PER_MICRO} m per microsecond, plus a penalty for
   * each end's tier ({@value #EDGE_PENALTY_MICROS} µs for an edge node, {@value #CLOUD_PENALTY_MICROS}
   * µs for a cloud node). A node to itself is 0.
   */
  public long roundTripMicros(CityNode a, CityNode b) {
    if (a.name().equals(b.name())) {
      return 0;
    }
    double meters = Geo.distanceMeters(a.location().latitude(), a.location().longitude(),
        b.location().latitude(), b.location().longitude());
    double propagation = 2 * meters * ROUTE_FACTOR / FIBRE_METERS_PER_MICRO;
    return Math.round(propagation) + penalty(a) + penalty(b);
  }

  private static long penalty(CityNode node) {
    return switch (node.tier()) {
      case EDGE -> EDGE_PENALTY_MICROS;
      case FOG -> FOG_PENALTY_MICROS;
      case CLOUD -> CLOUD_PENALTY_MICROS;
    };
  }
}
