package dev.edgeplane.ingest.simulate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.edgeplane.ingest.simulate.scenario.Fault;
import dev.edgeplane.ingest.simulate.scenario.FaultKind;
import dev.edgeplane.ingest.simulate.scenario.Scenario;
import dev.edgeplane.ingest.simulate.scenario.ScenarioReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScenarioReaderTest {

  static final String EVERY_FAULT = """
      name: every-fault
      durationMs: 600000
      faults:
        - kind: silent-node
          atMs: 120000
          durationMs: 60000
          node: edge-ap-03
        - kind: latency-rise
          atMs: 30000
          node: edge-ap-01
          addedLatencyMs: 80
        - kind: latency-rise
          atMs: 40000
          source: fog-agg-01
          target: edge-ap-02
          addedLatencyMs: 25.5
        - kind: cpu-saturation
          atMs: 60000
          durationMs: 30000
          node: edge-ap-04
        - kind: clock-ahead
          atMs: 0
          node: edge-ap-05
          clockOffsetMs: 90000
        - kind: flapping-link
          atMs: 50000
          source: cloud-1
          target: edge-ap-06
          downMs: 10000
          upMs: 20000
        - kind: replica-slow
          atMs: 70000
          pod: city/traffic-monitor-edge-ap-07-1
          slowdownFactor: 8
        - kind: replica-failing-fast
          atMs: 80000
          pod: city/traffic-monitor-edge-ap-09-1
      """;

  @Test
  void yamlScenarioIsReadInStartOrder() {
    Scenario scenario = ScenarioReader.parse(EVERY_FAULT, "test");

    assertThat(scenario.name()).isEqualTo("every-fault");
    assertThat(scenario.requestedDurationMs()).contains(600_000L);
    assertThat(scenario.faults()).extracting(Fault::atMs)
        .containsExactly(0L, 30_000L, 40_000L, 50_000L, 60_000L, 70_000L, 80_000L, 120_000L);
    Fault saturation = scenario.faults().stream().filter(f -> f.kind() == FaultKind.CPU_SATURATION).findFirst().orElseThrow();
    assertThat(saturation.cpuShare()).isEqualTo(1.0);
    Fault failing = scenario.faults().stream().filter(f -> f.kind() == FaultKind.REPLICA_FAILING_FAST).findFirst()
        .orElseThrow();
    assertThat(failing.errorRatio()).isEqualTo(0.9);
    assertThat(failing.failLatencyMs()).isEqualTo(2.0);
  }

  @Test
  void jsonScenarioIsRead(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("scenario.json");
    Files.writeString(file, """
        {"name": "json", "faults": [{"kind": "silent-node", "atMs": 5000, "node": "edge-ap-01"}],
         "replicas": [{"namespace": "city", "pod": "cam-1", "fogService": "cam", "node": "edge-ap-01"}]}
        """);

    Scenario scenario = ScenarioReader.read(file);

    assertThat(scenario.faults()).singleElement().extracting(Fault::kind).isEqualTo(FaultKind.SILENT_NODE);
    assertThat(scenario.replicas()).singleElement().satisfies(replica -> {
      assertThat(replica.key()).isEqualTo("city/cam-1");
      assertThat(replica.serviceTimeMs()).isEqualTo(12.0);
    });
  }

  @Test
  void flappingLinkIsDownThenUp() {
    Fault fault = ScenarioReader.parse(EVERY_FAULT, "test").faults().stream()
        .filter(f -> f.kind() == FaultKind.FLAPPING_LINK).findFirst().orElseThrow();

    assertThat(fault.activeAt(49_999)).isFalse();
    assertThat(fault.activeAt(50_000)).isTrue();
    assertThat(fault.activeAt(59_999)).isTrue();
    assertThat(fault.activeAt(60_000)).isFalse();
    assertThat(fault.activeAt(80_000)).isTrue();
    assertThat(fault.onLink("edge-ap-06", "cloud-1")).isTrue();
  }

  @Test
  void unknownFieldNamesPosition() {
    assertThatThrownBy(() -> ScenarioReader.parse("name: x\nfaults:\n  - kind: silent-node\n    atMs: 1\n    node: a\n    nod: a\n",
        "f.yaml"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Invalid scenario f.yaml at line ")
        .hasMessageContaining("Unrecognized field \"nod\"");
  }

  @Test
  void unknownKindListsKnownKinds() {
    assertThatThrownBy(() -> ScenarioReader.parse("name: x\nfaults:\n  - kind: meteor\n    atMs: 1\n", "f.yaml"))
        .hasMessageContaining("Unknown fault kind 'meteor'")
        .hasMessageContaining("latency-rise, cpu-saturation");
  }

  @Test
  void missingFieldOfKindIsNamed() {
    assertThatThrownBy(() -> ScenarioReader.parse("name: x\nfaults:\n  - kind: clock-ahead\n    atMs: 1\n    node: a\n", "f"))
        .hasMessageContaining("Fault clock-ahead at 1 ms has clockOffsetMs 0: give more than 0");
    assertThatThrownBy(() -> ScenarioReader.parse("name: x\nfaults:\n  - kind: replica-slow\n    atMs: 1\n    pod: nope\n", "f"))
        .hasMessageContaining("give the replica as namespace/pod");
  }

  @Test
  void unknownNodeIsNamed() {
    Scenario scenario = ScenarioReader.parse("name: x\nfaults:\n  - kind: silent-node\n    atMs: 1\n    node: edge-ap-99\n", "f");
    CityTopology city = CityTopology.livingLab(LivingLabOptions.defaults());

    assertThatThrownBy(() -> ScenarioReader.checkNames(scenario, city, Set.of()))
        .hasMessageContaining("names node edge-ap-99, which the city does not have");
  }

  @Test
  void missingFileNamesPath(@TempDir Path dir) {
    assertThatThrownBy(() -> ScenarioReader.read(dir.resolve("none.yaml")))
        .hasMessageContaining("none.yaml does not exist");
  }
}
