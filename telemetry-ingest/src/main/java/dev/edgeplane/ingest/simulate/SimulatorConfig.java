package dev.edgeplane.ingest.simulate;

import dev.edgeplane.ingest.simulate.replay.ReplayMapping;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.ValidString;
import org.apache.kafka.common.config.ConfigException;

/**
 * Settings of the city simulator: the city, the clock, the scenario, the traces and where the
 * events go. Keys without a prefix are the Kafka producer's and the serializers'; keys under
 * {@value #PRODUCER_PREFIX} override the simulator's producer defaults. Immutable.
 */
public final class SimulatorConfig extends AbstractConfig {

  public static final String SEED = "simulate.seed";
  private static final String SEED_DOC = "Seed of every random choice: the city's layout and the telemetry noise.";
  public static final String CITY = "simulate.city";
  private static final String CITY_DOC = "Shape of the city: living-lab (Aveiro-like access points, aggregation nodes"
      + " and a cloud data centre), aarhus (edge nodes at the Aarhus traffic-sensor intersections, read from the traces"
      + " folder) or grid (a synthetic street grid).";
  public static final String NODES = "simulate.nodes";
  private static final String NODES_DOC = "Nodes of the city, a count from 4 to 10000. For living-lab, 50 is the"
      + " Aveiro lab: 44 access points, 4 aggregation nodes, 2 cloud nodes. For aarhus and grid, all but 3 are edge"
      + " nodes, one per intersection.";
  public static final String INTERVAL_MS = "simulate.interval.ms";
  private static final String INTERVAL_MS_DOC = "Simulated time between two reports of a node, in ms: each node sends"
      + " its metrics, its replicas' metrics and one probe burst from each vantage point per interval.";
  public static final String DURATION_MS = "simulate.duration.ms";
  private static final String DURATION_MS_DOC = "Simulated time the run lasts, in ms; 0 runs until stopped, or for the"
      + " scenario's durationMs when it gives one.";
  public static final String CLOCK = "simulate.clock";
  private static final String CLOCK_DOC = "real emits each interval when the wall clock reaches it; virtual emits"
      + " simulated time as fast as simulate.speedup allows, for replays and tests.";
  public static final String SPEEDUP = "simulate.speedup";
  private static final String SPEEDUP_DOC = "With the virtual clock, simulated ms per wall-clock ms, a factor; 0 runs"
      + " as fast as the broker accepts events.";
  public static final String START_EPOCH_MS = "simulate.start.epoch.ms";
  private static final String START_EPOCH_MS_DOC = "Simulated time of the start of the run, in ms since the Unix"
      + " epoch; -1 takes the wall clock at start. Set it to repeat a run event for event.";
  public static final String THREADS = "simulate.threads";
  private static final String THREADS_DOC = "Threads that generate and serialize each tick, a count; each takes a"
      + " contiguous range of nodes, so each node's events keep their order.";
  public static final String SCENARIO_FILE = "simulate.scenario.file";
  private static final String SCENARIO_FILE_DOC = "Scenario file (YAML or JSON) with faults to inject; empty runs"
      + " without faults.";
  public static final String TRACES_DIR = "simulate.traces.dir";
  private static final String TRACES_DIR_DOC = "Folder holding the data sets to replay (seattle-latency,"
      + " 5g-edge-cloud-ping, planetlab-cpu); empty models every number. The simulate command sets it from"
      + " --traces, else from $EDGEPLANE_TRACES_DIR.";
  public static final String REPLICAS_PER_EDGE_NODE = "simulate.replicas.per.edge.node";
  private static final String REPLICAS_PER_EDGE_NODE_DOC = "Replicas placed on each edge node when the scenario lists"
      + " none, a count.";
  public static final String SERVICES = "simulate.services";
  private static final String SERVICES_DOC = "FogServices the default replicas belong to, taken in turn.";
  public static final String NAMESPACE = "simulate.namespace";
  private static final String NAMESPACE_DOC = "Kubernetes namespace of the default replicas.";

  public static final String REPLAY_DATASETS = "replay.datasets";
  public static final String REPLAY_SEATTLE_FRAMES = "replay.seattle.frames";
  public static final String REPLAY_SEATTLE_FRAME_MS = "replay.seattle.frame.ms";
  public static final String REPLAY_SEATTLE_RTT_SCALE = "replay.seattle.rtt.scale";
  public static final String REPLAY_SEATTLE_HOSTS = "replay.seattle.hosts";
  public static final String REPLAY_PING_SAMPLE_MS = "replay.ping.sample.ms";
  public static final String REPLAY_PING_NODE_STRIDE = "replay.ping.node.stride";
  public static final String REPLAY_PING_ACCESS_FILES = "replay.ping.access.files";
  public static final String REPLAY_PING_CLOUD_FILES = "replay.ping.cloud.files";
  public static final String REPLAY_PLANETLAB_DAY = "replay.planetlab.day";
  public static final String REPLAY_PLANETLAB_SAMPLE_MS = "replay.planetlab.sample.ms";

  public static final String BOOTSTRAP_SERVERS = "bootstrap.servers";
  public static final String SCHEMA_REGISTRY_URL = "schema.registry.url";
  /** Prefix of producer settings that override the simulator's, such as {@code producer.linger.ms}. */
  public static final String PRODUCER_PREFIX = "producer.";

  public static final List<String> CITIES = List.of("living-lab", "aarhus", "grid");

  public static final ConfigDef CONFIG_DEF = new ConfigDef()
      .define(SEED, Type.LONG, LivingLabOptions.DEFAULT_SEED, Importance.MEDIUM, SEED_DOC)
      .define(CITY, Type.STRING, "living-lab", ValidString.in(CITIES.toArray(String[]::new)), Importance.HIGH, CITY_DOC)
      .define(NODES, Type.INT, 50, Range.between(4, LivingLabOptions.MAX_NODES), Importance.HIGH, NODES_DOC)
      .define(INTERVAL_MS, Type.LONG, 5_000L, Range.between(10, 3_600_000), Importance.HIGH, INTERVAL_MS_DOC)
      .define(DURATION_MS, Type.LONG, 0L, Range.atLeast(0), Importance.HIGH, DURATION_MS_DOC)
      .define(CLOCK, Type.STRING, "real", ValidString.in("real", "virtual"), Importance.HIGH, CLOCK_DOC)
      .define(SPEEDUP, Type.DOUBLE, 0.0, Range.atLeast(0), Importance.MEDIUM, SPEEDUP_DOC)
      .define(START_EPOCH_MS, Type.LONG, -1L, Range.atLeast(-1), Importance.MEDIUM, START_EPOCH_MS_DOC)
      .define(THREADS, Type.INT, 1, Range.between(1, 16), Importance.MEDIUM, THREADS_DOC)
      .define(SCENARIO_FILE, Type.STRING, "", Importance.HIGH, SCENARIO_FILE_DOC)
      .define(TRACES_DIR, Type.STRING, "", Importance.HIGH, TRACES_DIR_DOC)
      .define(REPLICAS_PER_EDGE_NODE, Type.INT, 1, Range.between(0, 50), Importance.MEDIUM, REPLICAS_PER_EDGE_NODE_DOC)
      .define(SERVICES, Type.LIST, "traffic-monitor,air-quality", ConfigDef.LambdaValidator.with((name, value) -> {
        if (((List<?>) value).isEmpty()) {
          throw new ConfigException(name, value, "give at least one FogService name");
        }
      }, () -> "non-empty list"), Importance.MEDIUM, SERVICES_DOC)
      .define(NAMESPACE, Type.STRING, "city", Importance.LOW, NAMESPACE_DOC)
      .define(REPLAY_DATASETS, Type.LIST, String.join(",", ReplayMapping.DATASETS), Importance.MEDIUM,
          "Data sets to replay when a traces folder is given; the others stay modelled.")
      .define(REPLAY_SEATTLE_FRAMES, Type.INT, 688, Range.between(1, 688), Importance.LOW,
          "Seattle frames to read, from SeattleData_1.gz on, a count.")
      .define(REPLAY_SEATTLE_FRAME_MS, Type.LONG, 30_000L, Range.atLeast(1), Importance.MEDIUM,
          "Simulated time one Seattle frame lasts, in ms; the data set does not state its frame spacing.")
      .define(REPLAY_SEATTLE_RTT_SCALE, Type.DOUBLE, 0.1, Range.between(0.0001, 1000), Importance.MEDIUM,
          "Factor on Seattle round trips, a ratio: 0.1 turns their 220 ms Internet median into 22 ms, metro scale.")
      .define(REPLAY_SEATTLE_HOSTS, Type.LIST, "", Importance.LOW,
          "Seattle host (1 to 99) of each edge node in turn; empty maps edge node k to host k mod 99 + 1.")
      .define(REPLAY_PING_SAMPLE_MS, Type.LONG, 1_000L, Range.atLeast(1), Importance.MEDIUM,
          "Simulated time between two ping probes, in ms; the logs were taken at one probe per second.")
      .define(REPLAY_PING_NODE_STRIDE, Type.INT, 97, Range.atLeast(0), Importance.LOW,
          "Probes by which each edge node's start in a shared ping log moves on from the previous node's, a count.")
      .define(REPLAY_PING_ACCESS_FILES, Type.LIST, "ORAN_MEC/ping-MEC-ORAN.txt,ORAN_MEC/ping-MEC-ORAN-upd.txt,"
          + "ORAN_MEC/ping_results_MEC_ORAN.txt,mmWave_delay/ping-MEC-cmWave.txt", Importance.MEDIUM,
          "Ping logs to the MEC server, relative to 5g-edge-cloud-ping/, for the radio-access leg from the uplink to"
              + " an edge node; edge node k uses file k mod the count.")
      .define(REPLAY_PING_CLOUD_FILES, Type.LIST, "ORAN_MEC/ping-cloud-ORAN.txt,ORAN_MEC/ping-cloud-ORAN-upd.txt,"
          + "mmWave_delay/ping-cloud-cmWave.txt,mmWave_delay/ping-cloud-mmWave.txt", Importance.MEDIUM,
          "Ping logs to the public cloud, relative to 5g-edge-cloud-ping/, for the control-to-node probes of edge nodes.")
      .define(REPLAY_PLANETLAB_DAY, Type.STRING, "20110303", Importance.LOW, "PlanetLab day to replay, yyyymmdd.")
      .define(REPLAY_PLANETLAB_SAMPLE_MS, Type.LONG, 300_000L, Range.atLeast(1), Importance.MEDIUM,
          "Simulated time one PlanetLab sample lasts, in ms; the data were sampled every 5 minutes.")
      .define(BOOTSTRAP_SERVERS, Type.STRING, "", Importance.HIGH, "Kafka bootstrap servers, host:port, comma-separated.")
      .define(SCHEMA_REGISTRY_URL, Type.STRING, "", Importance.HIGH, "Schema registry base URL, such as"
          + " http://127.0.0.1:8081.");

  /** Parses and checks the settings; unknown keys are kept for the producer and the serializers. */
  public SimulatorConfig(Map<String, ?> settings) {
    super(CONFIG_DEF, settings, false);
  }

  public long seed() {
    return getLong(SEED);
  }

  public boolean virtualClock() {
    return "virtual".equals(getString(CLOCK));
  }

  public long intervalMs() {
    return getLong(INTERVAL_MS);
  }

  public Optional<Path> scenarioFile() {
    return nonBlank(getString(SCENARIO_FILE)).map(Path::of);
  }

  public Optional<Path> tracesDir() {
    return nonBlank(getString(TRACES_DIR)).map(Path::of);
  }

  /** Builds the city the settings describe. Blocks on file I/O for the aarhus city. */
  public CityTopology city() {
    int nodes = getInt(NODES);
    return switch (getString(CITY)) {
      case "living-lab" -> CityTopology.livingLab(LivingLabOptions.forNodeCount(seed(), nodes));
      case "grid" -> CityTopology.synthetic(new TopologyOptions(seed(), nodes - 3, 1, 3));
      case "aarhus" -> CityTopology.fromTraces(tracesDir().orElseThrow(() -> new ConfigException(TRACES_DIR, "",
          "the aarhus city reads its intersections from the traces folder: set " + TRACES_DIR + " or --traces")),
          new TopologyOptions(seed(), nodes - 3, 1, 3));
      default -> throw new ConfigException(CITY, getString(CITY), "use one of " + CITIES);
    };
  }

  /** Resolves the replay settings. */
  public ReplayMapping replayMapping() {
    List<Integer> hosts = getList(REPLAY_SEATTLE_HOSTS).stream().map(value -> parseHost(value)).toList();
    return new ReplayMapping(Set.copyOf(getList(REPLAY_DATASETS)), getInt(REPLAY_SEATTLE_FRAMES),
        getLong(REPLAY_SEATTLE_FRAME_MS), getDouble(REPLAY_SEATTLE_RTT_SCALE), hosts, getLong(REPLAY_PING_SAMPLE_MS),
        getInt(REPLAY_PING_NODE_STRIDE), getList(REPLAY_PING_ACCESS_FILES), getList(REPLAY_PING_CLOUD_FILES),
        getString(REPLAY_PLANETLAB_DAY), getLong(REPLAY_PLANETLAB_SAMPLE_MS));
  }

  private static int parseHost(String value) {
    try {
      int host = Integer.parseInt(value.trim());
      if (host >= 1 && host <= 99) {
        return host;
      }
    } catch (NumberFormatException e) {
      // Falls through to the error below, which names the value.
    }
    throw new ConfigException(REPLAY_SEATTLE_HOSTS, value, "give Seattle host numbers from 1 to 99");
  }

  private static Optional<String> nonBlank(String value) {
    return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
  }
}
