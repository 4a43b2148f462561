package dev.edgeplane.ingest.simulate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.edgeplane.event.telemetry.LinkLatency;
import dev.edgeplane.event.telemetry.NodeMetrics;
import dev.edgeplane.event.telemetry.ProbeKind;
import dev.edgeplane.event.telemetry.ReplicaMetrics;
import dev.edgeplane.event.telemetry.SourceKind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CitySimulatorTest {

  /** 2026-03-02 08:00 UTC, the morning peak, so that the daily load is well above the night floor. */
  static final long START = 1_772_438_400_000L;
  static final long INTERVAL = 10_000;

  static Map<String, Object> settings(long seed) {
    Map<String, Object> settings = new HashMap<>();
    settings.put(SimulatorConfig.SEED, seed);
    settings.put(SimulatorConfig.START_EPOCH_MS, START);
    settings.put(SimulatorConfig.INTERVAL_MS, INTERVAL);
    settings.put(SimulatorConfig.CLOCK, "virtual");
    return settings;
  }

  static RecordingSink run(Map<String, Object> settings, long fromTick, long toTick) {
    CitySimulator simulator = CitySimulator.create(new SimulatorConfig(settings), 0);
    RecordingSink sink = new RecordingSink();
    for (long tick = fromTick; tick < toTick; tick++) {
      simulator.emitTick(tick, sink);
    }
    return sink;
  }

  @Test
  void sameSeedGivesSameEvents() {
    RecordingSink first = run(settings(42), 0, 20);
    RecordingSink second = run(settings(42), 0, 20);
    RecordingSink otherSeed = run(settings(43), 0, 20);

    assertThat(first.all).hasSizeGreaterThan(1_000);
    assertThat(second.all).isEqualTo(first.all);
    assertThat(otherSeed.nodeMetrics).isNotEqualTo(first.nodeMetrics);
  }

  @Test
  void threadsGiveTheSameEvents() throws Exception {
    Map<String, Object> settings = settings(42);
    settings.put(SimulatorConfig.DURATION_MS, 4 * INTERVAL);
    RecordingSink single = run(settings, 0, 5);
    RecordingSink recorded = new RecordingSink();
    TelemetrySink shared = new TelemetrySink() {
      @Override
      public synchronized void nodeMetrics(String eventId, NodeMetrics event) {
        recorded.nodeMetrics(eventId, event);
      }

      @Override
      public synchronized void linkLatency(String eventId, LinkLatency event) {
        recorded.linkLatency(eventId, event);
      }

      @Override
      public synchronized void replicaMetrics(String eventId, ReplicaMetrics event) {
        recorded.replicaMetrics(eventId, event);
      }
    };

    CitySimulator simulator = CitySimulator.create(new SimulatorConfig(settings), 0);
    long ticks = new SimulationRunner(simulator, shared, true, 0, System::currentTimeMillis, 3).run();

    assertThat(ticks).isEqualTo(5);
    assertThat(recorded.all).containsExactlyInAnyOrderElementsOf(single.all);
  }

  @Test
  void eventIdsAreUniquePerSource() {
    RecordingSink sink = run(settings(42), 0, 10);

    assertThat(sink.all.stream().map(RecordingSink.Event::id).distinct().count()).isEqualTo(sink.all.size());
    assertThat(sink.all).first().extracting(RecordingSink.Event::id).isEqualTo("sim-edge-ap-01:1");
  }

  @Test
  void everyTickReportsEveryNodeAndReplica() {
    RecordingSink sink = run(settings(42), 0, 1);

    assertThat(sink.nodeMetrics).hasSize(50);
    assertThat(sink.replicaMetrics).hasSize(44);
    assertThat(sink.nodeMetrics).allSatisfy(metrics -> {
      assertThat(metrics.getSource().getKind()).isEqualTo(SourceKind.SIMULATOR);
      assertThat(metrics.getCpuUsedCores()).isBetween(0.0, metrics.getCpuCapacityCores());
      assertThat(metrics.getEventTime().toEpochMilli()).isEqualTo(START);
    });
    assertThat(sink.linkLatency).allSatisfy(link -> assertThat(link.getRttMicros()).isPositive());
    assertThat(sink.replicaMetrics).allSatisfy(replica -> {
      assertThat(replica.getLatencyP50Ms()).isLessThan(replica.getLatencyP95Ms());
      assertThat(replica.getLatencyP95Ms()).isLessThan(replica.getLatencyP99Ms());
    });
  }

  @Test
  void edgeNodesAreProbedFromSeveralVantagePoints() {
    RecordingSink sink = run(settings(42), 0, 1);
    Map<String, Set<String>> vantage = sink.linkLatency.stream().collect(Collectors.groupingBy(
        LinkLatency::getTargetNode, Collectors.mapping(LinkLatency::getSourceNode, Collectors.toSet())));

    assertThat(vantage.get("edge-ap-01")).hasSizeGreaterThanOrEqualTo(2).contains("cloud-1");
    assertThat(sink.linkLatency).extracting(LinkLatency::getProbeKind)
        .contains(ProbeKind.CONTROL_TO_NODE, ProbeKind.NODE_TO_NODE);
    assertThat(vantage.keySet()).hasSize(50);
    assertThat(vantage.get("cloud-1")).containsExactly("cloud-2");
  }

  @Test
  void daytimeIsBusierThanNight() {
    Map<String, Object> night = settings(42);
    night.put(SimulatorConfig.START_EPOCH_MS, START - 5 * 3_600_000L);

    double dayCpu = run(settings(42), 0, 5).nodeMetrics.stream().mapToDouble(NodeMetrics::getCpuUsedCores).sum();
    double nightCpu = run(night, 0, 5).nodeMetrics.stream().mapToDouble(NodeMetrics::getCpuUsedCores).sum();

    assertThat(dayCpu).isGreaterThan(2 * nightCpu);
  }

  @Test
  void scenarioFaultsAppearAtTheirTimes(@TempDir Path dir) throws Exception {
    CityTopology city = CityTopology.livingLab(LivingLabOptions.defaults());
    String uplink = city.uplink(city.node("edge-ap-02").orElseThrow()).orElseThrow().name();
    Path file = dir.resolve("faults.yaml");
    Files.writeString(file, ScenarioReaderTest.EVERY_FAULT.replace("fog-agg-01", uplink));
    Map<String, Object> settings = settings(42);
    settings.put(SimulatorConfig.SCENARIO_FILE, file.toString());

    RecordingSink sink = run(settings, 0, 20);

    // silent-node edge-ap-03 from 120 s for 60 s: ticks 12 to 17.
    assertThat(ticksOf(sink.nodeMetrics.stream().filter(m -> m.getNode().equals("edge-ap-03"))
        .map(m -> m.getReceiveTime().toEpochMilli()).toList())).doesNotContain(12L, 17L).contains(11L, 18L);
    assertThat(probes(sink, "cloud-1", "edge-ap-03", 12)).satisfies(link -> {
      assertThat(link.getLossRatio()).isEqualTo(1.0);
      assertThat(link.getRttMicros()).isNull();
    });
    assertThat(sink.linkLatency).noneMatch(link -> link.getSourceNode().equals("edge-ap-03") && tick(link) == 12);

    // latency-rise on edge-ap-01, +80 ms from 30 s.
    assertThat(probes(sink, "cloud-1", "edge-ap-01", 2).getRttMicros()).isLessThan(60_000.0);
    assertThat(probes(sink, "cloud-1", "edge-ap-01", 3).getRttMicros()).isGreaterThan(80_000.0);

    // latency-rise on the link from the uplink to edge-ap-02, +25.5 ms from 40 s.
    assertThat(probes(sink, uplink, "edge-ap-02", 3).getRttMicros()).isLessThan(25_500.0);
    assertThat(probes(sink, uplink, "edge-ap-02", 4).getRttMicros()).isGreaterThan(25_500.0);
    assertThat(probes(sink, "cloud-1", "edge-ap-02", 4).getRttMicros()).isLessThan(60_000.0);

    // cpu-saturation of edge-ap-04 from 60 s for 30 s: ticks 6 to 8.
    assertThat(cpuShare(sink, "edge-ap-04", 5)).isLessThan(0.985);
    assertThat(cpuShare(sink, "edge-ap-04", 6)).isGreaterThan(0.985);
    assertThat(cpuShare(sink, "edge-ap-04", 8)).isGreaterThan(0.985);
    assertThat(cpuShare(sink, "edge-ap-04", 9)).isLessThan(0.985);

    // clock-ahead of edge-ap-05 by 90 s from the start: event time moves, receive time does not.
    assertThat(sink.nodeMetrics).filteredOn(m -> m.getNode().equals("edge-ap-05")).allSatisfy(m ->
        assertThat(m.getEventTime().toEpochMilli() - m.getReceiveTime().toEpochMilli()).isEqualTo(90_000));
    assertThat(sink.linkLatency).filteredOn(l -> l.getSourceNode().equals("edge-ap-05")).isNotEmpty().allSatisfy(l ->
        assertThat(l.getEventTime().toEpochMilli() - l.getReceiveTime().toEpochMilli()).isEqualTo(90_000));

    // flapping-link cloud-1 to edge-ap-06 from 50 s, down 10 s, up 20 s: down at ticks 5, 8, 11.
    for (long tick = 4; tick <= 12; tick++) {
      LinkLatency probe = probes(sink, "cloud-1", "edge-ap-06", tick);
      if (tick == 5 || tick == 8 || tick == 11) {
        assertThat(probe.getLossRatio()).as("loss at tick %d", tick).isEqualTo(1.0);
        assertThat(probe.getRttMicros()).as("round trip at tick %d", tick).isNull();
      } else {
        assertThat(probe.getRttMicros()).as("round trip at tick %d", tick).isNotNull();
      }
    }

    // replica-slow from 70 s, 8 times slower.
    double before = replica(sink, "traffic-monitor-edge-ap-07-1", 6).getLatencyP50Ms();
    double after = replica(sink, "traffic-monitor-edge-ap-07-1", 7).getLatencyP50Ms();
    assertThat(after / before).isGreaterThan(4);

    // replica-failing-fast from 80 s: 90 % errors within 2 ms.
    ReplicaMetrics healthy = replica(sink, "traffic-monitor-edge-ap-09-1", 7);
    ReplicaMetrics failing = replica(sink, "traffic-monitor-edge-ap-09-1", 8);
    assertThat(healthy.getErrorRate() / healthy.getRequestRate()).isLessThan(0.01);
    assertThat(failing.getErrorRate() / failing.getRequestRate()).isCloseTo(0.9, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(failing.getLatencyP99Ms()).isEqualTo(2.0);
  }

  @Test
  void scenarioDurationEndsTheRun(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("short.yaml");
    Files.writeString(file, "name: short\ndurationMs: 60000\n");
    Map<String, Object> settings = settings(42);
    settings.put(SimulatorConfig.SCENARIO_FILE, file.toString());

    CitySimulator simulator = CitySimulator.create(new SimulatorConfig(settings), 0);
    RecordingSink sink = new RecordingSink();
    long ticks = new SimulationRunner(simulator, sink, true, 0, System::currentTimeMillis).run();

    assertThat(ticks).isEqualTo(7);
    assertThat(sink.nodeMetrics).hasSize(7 * 50);
  }

  @Test
  void scenarioNamingUnknownReplicaIsRejected(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("bad.yaml");
    Files.writeString(file, "name: bad\nfaults:\n  - kind: replica-slow\n    atMs: 0\n    pod: city/nope\n");
    Map<String, Object> settings = settings(42);
    settings.put(SimulatorConfig.SCENARIO_FILE, file.toString());

    assertThatThrownBy(() -> CitySimulator.create(new SimulatorConfig(settings), 0))
        .hasMessageContaining("names replica city/nope, which the run does not report on");
  }

  @Test
  void tenThousandNodesEmitATickWithinSeconds() {
    Map<String, Object> settings = settings(42);
    settings.put(SimulatorConfig.NODES, 10_000);
    CitySimulator simulator = CitySimulator.create(new SimulatorConfig(settings), 0);
    CountingSink sink = new CountingSink();

    long start = System.nanoTime();
    for (long tick = 0; tick < 3; tick++) {
      simulator.emitTick(tick, sink);
    }
    long millis = (System.nanoTime() - start) / 1_000_000;

    assertThat(sink.nodes).isEqualTo(3 * 10_000);
    assertThat(sink.replicas).isEqualTo(3 * 9_164);
    assertThat(sink.links).isGreaterThan(3 * 2 * 10_000);
    assertThat(millis).as("ms for three ticks of 10,000 nodes").isLessThan(10_000);
  }

  private static final class CountingSink implements TelemetrySink {
    long nodes;
    long links;
    long replicas;

    @Override
    public void nodeMetrics(String eventId, NodeMetrics event) {
      nodes++;
    }

    @Override
    public void linkLatency(String eventId, LinkLatency event) {
      links++;
    }

    @Override
    public void replicaMetrics(String eventId, ReplicaMetrics event) {
      replicas++;
    }
  }

  static long tick(LinkLatency link) {
    return (link.getReceiveTime().toEpochMilli() - START) / INTERVAL;
  }

  private static List<Long> ticksOf(List<Long> receiveTimes) {
    return receiveTimes.stream().map(time -> (time - START) / INTERVAL).toList();
  }

  static LinkLatency probes(RecordingSink sink, String source, String target, long tick) {
    return sink.linkLatency.stream()
        .filter(link -> link.getSourceNode().equals(source) && link.getTargetNode().equals(target) && tick(link) == tick)
        .findFirst().orElseThrow(() -> new AssertionError("no probe " + source + " -> " + target + " at tick " + tick));
  }

  private static double cpuShare(RecordingSink sink, String node, long tick) {
    NodeMetrics metrics = sink.nodeMetrics.stream()
        .filter(m -> m.getNode().equals(node) && (m.getReceiveTime().toEpochMilli() - START) / INTERVAL == tick)
        .findFirst().orElseThrow();
    return metrics.getCpuUsedCores() / metrics.getCpuCapacityCores();
  }

  private static ReplicaMetrics replica(RecordingSink sink, String pod, long tick) {
    return sink.replicaMetrics.stream()
        .filter(r -> r.getPod().equals(pod) && (r.getReceiveTime().toEpochMilli() - START) / INTERVAL == tick)
        .findFirst().orElseThrow();
  }
}
