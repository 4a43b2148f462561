package dev.edgeplane.ingest.simulate;

import dev.edgeplane.ingest.simulate.internal.CityBuilder;
import dev.edgeplane.ingest.simulate.internal.Geo;
import dev.edgeplane.ingest.simulate.internal.SensorPoint;
import dev.edgeplane.ingest.simulate.internal.SyntheticGrid;
import dev.edgeplane.ingest.simulate.internal.TrafficMetadataReader;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The computers of a simulated city: edge nodes at intersections and a few nodes in the cloud, with
 * an estimate of the round-trip time between any two. Intersections come from the sensor points of
 * the Aarhus road-traffic metadata, or from a synthetic street grid when no data folder is
 * configured. Immutable and safe to share between threads.
 */
public final class CityTopology {

  /** Environment variable naming the traces folder, the one that contains {@code aarhus-traffic/}. */
  public static final String TRACES_DIR_ENV = "EDGEPLANE_TRACES_DIR";

  /**
   * Round-trip time one edge node adds, in microseconds: its access link and switching at the
   * intersection cabinet.
   */
  public static final long EDGE_PENALTY_MICROS = 500;
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

  private CityTopology(String source, List<SensorPoint> points, TopologyOptions options) {
    CityBuilder builder = new CityBuilder(options);
    this.source = source;
    this.intersections = List.copyOf(builder.chooseLocations(points, source));
    this.cloud = builder.cloudLocation(intersections);
    Map<String, CityNode> byName = new LinkedHashMap<>();
    builder.nodes(intersections, cloud).forEach(node -> byName.put(node.name(), node));
    this.nodes = java.util.Collections.unmodifiableMap(byName);
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
    return new CityTopology("Aarhus traffic metadata " + file, points, options);
  }

  /** Builds a synthetic grid city with exactly {@code options.locations()} intersections. */
  public static CityTopology synthetic(TopologyOptions options) {
    return new CityTopology("synthetic grid", SyntheticGrid.points(options.locations()), options);
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

  /** Says where the intersections came from: the metadata file, or {@code synthetic grid}. */
  public String source() {
    return source;
  }

  /** Returns the intersections, in id order ({@code intersection-1} onwards). */
  public List<CityLocation> intersections() {
    return intersections;
  }

  /** Returns the location of the cloud nodes, {@code cloud-central}. */
  public CityLocation cloudLocation() {
    return cloud;
  }

  /** Returns every node: edge nodes by intersection, then cloud nodes. */
  public List<CityNode> nodes() {
    return List.copyOf(nodes.values());
  }

  /** Returns the node called {@code name}, if there is one. */
  public Optional<CityNode> node(String name) {
    return Optional.ofNullable(nodes.get(name));
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
    return node.tier() == CityNode.Tier.CLOUD ? CLOUD_PENALTY_MICROS : EDGE_PENALTY_MICROS;
  }
}
