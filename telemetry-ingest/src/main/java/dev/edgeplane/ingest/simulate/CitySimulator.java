package dev.edgeplane.ingest.simulate;

import dev.edgeplane.ingest.simulate.internal.TelemetryModel;
import dev.edgeplane.ingest.simulate.replay.TraceReplay;
import dev.edgeplane.ingest.simulate.scenario.ReplicaPlacement;
import dev.edgeplane.ingest.simulate.scenario.Scenario;
import dev.edgeplane.ingest.simulate.scenario.ScenarioReader;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The city simulator without its clock or output: the city, the replicas on it, the scenario and
 * the optional trace replay, turned into the telemetry events of one tick at a time. The same
 * settings, seed and start time give the same events, whatever the clock. {@link SimulationRunner}
 * drives it in real or virtual time. Used by one thread, except that {@link #emitTick(long, int,
 * int, TelemetrySink)} may run for disjoint node ranges on several threads at once.
 */
public final class CitySimulator {

  private final CityTopology city;
  private final Scenario scenario;
  private final List<ReplicaPlacement> replicas;
  private final Optional<TraceReplay> replay;
  private final TelemetryModel model;
  private final long durationMs;

  private CitySimulator(CityTopology city, Scenario scenario, List<ReplicaPlacement> replicas,
      Optional<TraceReplay> replay, long seed, long startEpochMs, long intervalMs, long durationMs) {
    this.city = city;
    this.scenario = scenario;
    this.replicas = List.copyOf(replicas);
    this.replay = replay;
    this.durationMs = durationMs;
    this.model = new TelemetryModel(city, replicas, scenario.faults(), replay.orElse(null), seed, startEpochMs,
        intervalMs);
  }

  /**
   * Builds the simulator the settings describe: reads the scenario file and the traces, when set.
   * Blocks on file I/O, a few seconds when all traces are replayed.
   *
   * @param wallClockMs the wall clock now, taken as the start when the settings give none
   * @throws IllegalArgumentException or {@link org.apache.kafka.common.config.ConfigException} naming
   *     the setting, file or name that is wrong and the fix
   */
  public static CitySimulator create(SimulatorConfig config, long wallClockMs) {
    CityTopology city = config.city();
    Scenario scenario = config.scenarioFile().map(ScenarioReader::read).orElseGet(Scenario::quiet);
    List<ReplicaPlacement> replicas = scenario.replicas().isEmpty() ? defaultReplicas(city, config) : scenario.replicas();
    Set<String> keys = new HashSet<>();
    replicas.forEach(replica -> keys.add(replica.key()));
    ScenarioReader.checkNames(scenario, city, keys);
    Optional<TraceReplay> replay = config.tracesDir().map(dir -> TraceReplay.load(dir, config.replayMapping()));
    long interval = config.intervalMs();
    long configuredStart = config.getLong(SimulatorConfig.START_EPOCH_MS);
    long start = configuredStart >= 0 ? configuredStart : wallClockMs - Math.floorMod(wallClockMs, interval);
    long duration = config.getLong(SimulatorConfig.DURATION_MS);
    if (duration == 0) {
      duration = scenario.requestedDurationMs().orElse(0L);
    }
    return new CitySimulator(city, scenario, replicas, replay, config.seed(), start, interval, duration);
  }

  /**
   * Places {@code simulate.replicas.per.edge.node} replicas on every edge node, their FogServices
   * taken in turn from {@code simulate.services}. Replica k (from 1) of service S on node N is pod
   * {@code S-N-k}.
   */
  static List<ReplicaPlacement> defaultReplicas(CityTopology city, SimulatorConfig config) {
    List<String> services = config.getList(SimulatorConfig.SERVICES);
    String namespace = config.getString(SimulatorConfig.NAMESPACE);
    int perNode = config.getInt(SimulatorConfig.REPLICAS_PER_EDGE_NODE);
    List<ReplicaPlacement> replicas = new ArrayList<>();
    int edge = 0;
    for (CityNode node : city.nodes(CityNode.Tier.EDGE)) {
      for (int k = 0; k < perNode; k++) {
        String service = services.get((edge + k) % services.size());
        replicas.add(new ReplicaPlacement(namespace, service + "-" + node.name() + "-" + (k + 1), service, node.name(),
            ReplicaPlacement.DEFAULT_SERVICE_TIME_MS, ReplicaPlacement.DEFAULT_REQUEST_RATE));
      }
      edge++;
    }
    return replicas;
  }

  /** Emits the events of tick {@code tick} (from 0), which ends {@code tick × interval} ms after the start. */
  public void emitTick(long tick, TelemetrySink sink) {
    model.emit(tick, 0, model.nodeCount(), sink);
  }

  /**
   * Emits the events of nodes {@code fromNode} (inclusive) to {@code toNode} (exclusive), in
   * topology order, at tick {@code tick}. Threads may emit disjoint ranges of the same tick at once
   * into a thread-safe sink; each node's events keep their order.
   */
  public void emitTick(long tick, int fromNode, int toNode, TelemetrySink sink) {
    if (fromNode < 0 || toNode > model.nodeCount() || fromNode > toNode) {
      throw new IllegalArgumentException("Node range [" + fromNode + ", " + toNode + ") is outside [0, "
          + model.nodeCount() + ")");
    }
    model.emit(tick, fromNode, toNode, sink);
  }

  public CityTopology city() {
    return city;
  }

  public Scenario scenario() {
    return scenario;
  }

  /** Returns the replicas the run reports on. */
  public List<ReplicaPlacement> replicas() {
    return replicas;
  }

  public Optional<TraceReplay> replay() {
    return replay;
  }

  /** Returns the simulated time of the start of the run, in ms since the epoch. */
  public long startEpochMs() {
    return model.startEpochMs();
  }

  /** Returns the simulated time between ticks, in ms. */
  public long intervalMs() {
    return model.intervalMs();
  }

  /** Returns the simulated length of the run in ms, or 0 when it runs until stopped. */
  public long durationMs() {
    return durationMs;
  }

  /** Returns the ticks of the run, tick 0 included, or {@link Long#MAX_VALUE} when it runs until stopped. */
  public long tickCount() {
    return durationMs == 0 ? Long.MAX_VALUE : durationMs / intervalMs() + 1;
  }
}
