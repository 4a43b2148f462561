package dev.edgeplane.ingest.simulate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.edgeplane.event.telemetry.LinkLatency;
import dev.edgeplane.ingest.simulate.internal.PingLog;
import dev.edgeplane.ingest.simulate.replay.ReplayMapping;
import dev.edgeplane.ingest.simulate.replay.TraceReplay;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TraceReplayTest {

  /**
   * Writes a made-up ping log: 20 ms replies for probes 1 to 30, none for 31 to 40 (a 10 s stall),
   * then 120 ms replies up to 60 (a step), then the summary lines ping prints.
   */
  static Path writePingLog(Path file) throws IOException {
    StringBuilder text = new StringBuilder("PING 127.0.0.1 (127.0.0.1) 56(84) bytes of data.\n");
    for (int seq = 1; seq <= 60; seq++) {
      if (seq > 30 && seq <= 40) {
        continue;
      }
      text.append("64 bytes from 127.0.0.1: icmp_seq=").append(seq).append(" ttl=64 time=")
          .append(seq <= 30 ? "20.0" : "120.0").append(" ms\n");
    }
    text.append("\n--- 127.0.0.1 ping statistics ---\n60 packets transmitted, 50 received, 16.6667% packet loss\n");
    Files.createDirectories(file.getParent());
    Files.writeString(file, text.toString());
    return file;
  }

  private static Map<String, Object> pingReplaySettings(Path traces) {
    Map<String, Object> settings = CitySimulatorTest.settings(42);
    settings.put(SimulatorConfig.TRACES_DIR, traces.toString());
    settings.put(SimulatorConfig.REPLAY_DATASETS, ReplayMapping.PING);
    settings.put(SimulatorConfig.REPLAY_PING_ACCESS_FILES, "log.txt");
    settings.put(SimulatorConfig.REPLAY_PING_CLOUD_FILES, "log.txt");
    settings.put(SimulatorConfig.REPLAY_PING_NODE_STRIDE, 0);
    return settings;
  }

  @Test
  void pingLogKeepsLostProbes(@TempDir Path dir) throws IOException {
    PingLog log = PingLog.read(writePingLog(dir.resolve("log.txt")));

    assertThat(log.length()).isEqualTo(60);
    assertThat(log.skippedLines()).isEqualTo(4);
    assertThat(log.rttMillis(0)).isEqualTo(20.0);
    assertThat(log.rttMillis(30)).isNaN();
    assertThat(log.rttMillis(60)).isEqualTo(20.0);
    LinkSample mixed = log.burst(28, 4);
    assertThat(mixed.lossRatio()).isEqualTo(0.5);
    assertThat(mixed.rttMicros()).isEqualTo(20_000.0);
  }

  @Test
  void traceStallMatchesScriptedOutage(@TempDir Path dir) throws Exception {
    Path traces = dir.resolve("traces");
    writePingLog(traces.resolve(ReplayMapping.PING).resolve("log.txt"));
    RecordingSink replayed = CitySimulatorTest.run(pingReplaySettings(traces), 0, 6);

    Path scenario = dir.resolve("flap.yaml");
    Files.writeString(scenario, "name: flap\nfaults:\n  - kind: flapping-link\n    atMs: 30000\n    source: cloud-1\n"
        + "    target: edge-ap-01\n    downMs: 10000\n    upMs: 10000\n");
    Map<String, Object> scripted = CitySimulatorTest.settings(42);
    scripted.put(SimulatorConfig.SCENARIO_FILE, scenario.toString());
    RecordingSink faulted = CitySimulatorTest.run(scripted, 0, 6);

    // Interval 10 s at 1 probe per s: the burst ending at 40 s contains probes 31 to 40, all lost.
    LinkLatency fromTrace = CitySimulatorTest.probes(replayed, "cloud-1", "edge-ap-01", 4);
    LinkLatency fromScenario = CitySimulatorTest.probes(faulted, "cloud-1", "edge-ap-01", 3);
    assertThat(fromTrace.getRttMicros()).isNull();
    assertThat(fromTrace.getLossRatio()).isEqualTo(1.0);
    assertThat(fromTrace.getRttMicros()).isEqualTo(fromScenario.getRttMicros());
    assertThat(fromTrace.getJitterMicros()).isEqualTo(fromScenario.getJitterMicros());
    assertThat(fromTrace.getLossRatio()).isEqualTo(fromScenario.getLossRatio());
    assertThat(fromTrace.getProbeKind()).isEqualTo(fromScenario.getProbeKind());
    assertThat(fromTrace.getProbeCount()).isEqualTo(10);
  }

  @Test
  void traceStepRaisesRoundTrip(@TempDir Path dir) throws Exception {
    Path traces = dir.resolve("traces");
    writePingLog(traces.resolve(ReplayMapping.PING).resolve("log.txt"));

    RecordingSink sink = CitySimulatorTest.run(pingReplaySettings(traces), 0, 7);

    assertThat(CitySimulatorTest.probes(sink, "cloud-1", "edge-ap-01", 3).getRttMicros()).isEqualTo(20_000.0);
    assertThat(CitySimulatorTest.probes(sink, "cloud-1", "edge-ap-01", 3).getLossRatio()).isZero();
    assertThat(CitySimulatorTest.probes(sink, "cloud-1", "edge-ap-01", 5).getRttMicros()).isEqualTo(120_000.0);
    assertThat(CitySimulatorTest.probes(sink, "cloud-1", "edge-ap-01", 5).getJitterMicros()).isZero();
  }

  @Test
  void missingPingFileNamesPathAndSettings(@TempDir Path dir) throws IOException {
    Files.createDirectories(dir.resolve(ReplayMapping.PING));
    Map<String, Object> settings = pingReplaySettings(dir);

    assertThatThrownBy(() -> CitySimulator.create(new SimulatorConfig(settings), 0))
        .hasMessageContaining(dir.resolve(ReplayMapping.PING).resolve("log.txt").toString())
        .hasMessageContaining("replay.ping.access.files");
  }

  @Test
  void realDataSetsLoadWithTheDefaultMapping() {
    Path traces = tracesDir();
    Map<String, Object> settings = CitySimulatorTest.settings(42);
    settings.put(SimulatorConfig.TRACES_DIR, traces.toString());
    SimulatorConfig config = new SimulatorConfig(settings);

    TraceReplay replay = TraceReplay.load(traces, config.replayMapping());

    assertThat(replay.description()).contains("688 Seattle frames of 99 hosts", "4 access-leg and 4 cloud-leg ping logs",
        "1052 PlanetLab VMs of 20110303");
    // ping-MEC-ORAN.txt opens with an 11 s stall: probe 1 gets its reply after 11,051 ms and 2 to 5 are lost.
    LinkSample stall = replay.accessLeg(0, 5_000, 5_000);
    assertThat(stall.rttMicros()).isEqualTo(11_051_000.0);
    assertThat(stall.lossRatio()).isEqualTo(0.8);
    // Seattle round trips are scaled by 0.1 to metro scale.
    LinkSample peer = replay.peer(0, 1, 0, 5_000);
    assertThat(peer.rttMicros()).isBetween(100.0, 1_000_000.0);
    assertThat(replay.cpuShare(0, 0).orElseThrow()).isBetween(0.0, 1.0);
  }

  @Test
  void replayRunsAreDeterministicAndDriveNodes() {
    Path traces = tracesDir();
    Map<String, Object> settings = CitySimulatorTest.settings(42);
    settings.put(SimulatorConfig.TRACES_DIR, traces.toString());

    RecordingSink first = CitySimulatorTest.run(settings, 0, 3);
    RecordingSink second = CitySimulatorTest.run(settings, 0, 3);

    assertThat(second.all).isEqualTo(first.all);
    assertThat(first.linkLatency).anySatisfy(link -> assertThat(link.getLossRatio()).isPositive());
  }

  private static Path tracesDir() {
    String traces = System.getenv(CityTopology.TRACES_DIR_ENV);
    assumeTrue(traces != null && !traces.isBlank() && Files.isDirectory(Path.of(traces, ReplayMapping.SEATTLE)),
        CityTopology.TRACES_DIR_ENV + " is unset or has no " + ReplayMapping.SEATTLE
            + " folder, so the real-data replay test is skipped; CI sets it to the shared data folder");
    return Path.of(traces);
  }
}
