package dev.edgeplane.ingest.simulate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CityTopologyTest {

  private static final TopologyOptions SMALL = new TopologyOptions(7, 9, 2, 3);

  @Test
  void syntheticCityHasTheAskedNodes() {
    CityTopology city = CityTopology.synthetic(SMALL);

    assertThat(city.source()).isEqualTo("synthetic grid");
    assertThat(city.intersections()).extracting(CityLocation::id)
        .containsExactly("intersection-1", "intersection-2", "intersection-3", "intersection-4", "intersection-5",
            "intersection-6", "intersection-7", "intersection-8", "intersection-9");
    assertThat(city.nodes()).hasSize(SMALL.nodeCount());
    assertThat(city.nodes()).filteredOn(node -> node.tier() == CityNode.Tier.EDGE)
        .hasSize(18)
        .allSatisfy(node -> assertThat(node.capabilities()).contains("realtime"));
    assertThat(city.nodes()).filteredOn(node -> node.tier() == CityNode.Tier.CLOUD)
        .extracting(CityNode::name).containsExactly("cloud-1", "cloud-2", "cloud-3");
    assertThat(city.node("edge-intersection-4-2")).get()
        .extracting(node -> node.location().id()).isEqualTo("intersection-4");
    assertThat(city.intersections()).extracting(CityLocation::district).contains("old-town");
  }

  @Test
  void sameSeedGivesSameCityAndOtherSeedAnother() {
    assertThat(CityTopology.synthetic(SMALL).nodes()).isEqualTo(CityTopology.synthetic(SMALL).nodes());
    assertThat(CityTopology.synthetic(new TopologyOptions(8, 9, 2, 3)).nodes())
        .isNotEqualTo(CityTopology.synthetic(SMALL).nodes());
  }

  @Test
  void roundTripGrowsWithDistanceAndTier() {
    CityTopology city = CityTopology.synthetic(SMALL);
    CityNode a = city.node("edge-intersection-1-1").orElseThrow();
    CityNode sameCabinet = city.node("edge-intersection-1-2").orElseThrow();
    CityNode neighbour = city.node("edge-intersection-2-1").orElseThrow();
    CityNode farCorner = city.node("edge-intersection-9-1").orElseThrow();
    CityNode cloud = city.node("cloud-1").orElseThrow();

    assertThat(city.roundTripMicros(a, a)).isZero();
    assertThat(city.roundTripMicros(a, sameCabinet)).isEqualTo(2 * CityTopology.EDGE_PENALTY_MICROS);
    // 400 m apart: 2 x 400 m x 1.5 / 200 m per microsecond = 6 microseconds of propagation.
    assertThat(city.roundTripMicros(a, neighbour)).isBetween(1_005L, 1_007L);
    assertThat(city.roundTripMicros(a, farCorner)).isGreaterThan(city.roundTripMicros(a, neighbour));
    assertThat(city.roundTripMicros(a, cloud)).isGreaterThan(CityTopology.CLOUD_PENALTY_MICROS);
    assertThat(city.roundTripMicros(a, cloud)).isEqualTo(city.roundTripMicros(cloud, a));
  }

  @Test
  void withoutTracesFolderFallsBackToSyntheticGrid() {
    CityTopology city = CityTopology.load(Optional.empty(), Map.of(), SMALL);

    assertThat(city.source()).isEqualTo("synthetic grid");
  }

  @Test
  void missingMetadataNamesPathAndFix(@TempDir Path dir) {
    assertThatThrownBy(() -> CityTopology.load(Optional.empty(), Map.of(CityTopology.TRACES_DIR_ENV, dir.toString()), SMALL))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(dir.resolve("aarhus-traffic").resolve("trafficMetaData.csv").toString())
        .hasMessageContaining("set --traces or EDGEPLANE_TRACES_DIR");
  }

  @Test
  void malformedMetadataNamesLineAndColumn(@TempDir Path dir) throws IOException {
    Path file = metadata(dir, "POINT_1_NAME,POINT_1_STREET,POINT_1_LAT,POINT_1_LNG,POINT_2_NAME,POINT_2_STREET,POINT_2_LAT,POINT_2_LNG",
        "10,Main,56.1,10.2,11,Main,north,10.3");

    assertThatThrownBy(() -> CityTopology.fromTraces(dir, SMALL))
        .hasMessageContaining("Line 2 of " + file)
        .hasMessageContaining("POINT_2_LAT 'north'");
  }

  @Test
  void missingColumnIsNamed(@TempDir Path dir) throws IOException {
    metadata(dir, "POINT_1_NAME,POINT_1_STREET,POINT_1_LAT", "10,Main,56.1");

    assertThatThrownBy(() -> CityTopology.fromTraces(dir, SMALL)).hasMessageContaining("has no column POINT_1_LNG");
  }

  @Test
  void pointsSharedBySegmentsAreOneIntersection(@TempDir Path dir) throws IOException {
    metadata(dir, "POINT_1_NAME,POINT_1_STREET,POINT_1_LAT,POINT_1_LNG,POINT_2_NAME,POINT_2_STREET,POINT_2_LAT,POINT_2_LNG",
        "10,Main,56.10,10.20,11,Main,56.11,10.21",
        "11,Main,56.11,10.21,12,Side,56.12,10.22");

    assertThat(CityTopology.fromTraces(dir, new TopologyOptions(1, 3, 1, 0)).intersections()).hasSize(3);
    assertThatThrownBy(() -> CityTopology.fromTraces(dir, new TopologyOptions(1, 4, 1, 0)))
        .hasMessageContaining("has only 3 distinct intersections: ask for at most 3");
  }

  @Test
  void aarhusMetadataGivesTheSensorIntersections() {
    String traces = System.getenv(CityTopology.TRACES_DIR_ENV);
    assumeTrue(traces != null && !traces.isBlank(),
        CityTopology.TRACES_DIR_ENV + " is unset, so the Aarhus metadata test is skipped; CI sets it");

    CityTopology city = CityTopology.load(Optional.empty(), System.getenv(), new TopologyOptions(42, 136, 1, 2));

    assertThat(city.source()).startsWith("Aarhus traffic metadata");
    assertThat(city.intersections()).hasSize(136);
    assertThat(city.intersections()).allSatisfy(location -> {
      assertThat(location.latitude()).isBetween(55.9, 56.4);
      assertThat(location.longitude()).isBetween(9.9, 10.4);
    });
    Set<String> districts = city.intersections().stream().map(CityLocation::district).collect(Collectors.toSet());
    assertThat(districts).contains("old-town", "north", "south", "west");
    assertThatThrownBy(() -> CityTopology.fromTraces(Path.of(traces), new TopologyOptions(42, 137, 1, 2)))
        .hasMessageContaining("has only 136 distinct intersections");
  }

  private static Path metadata(Path dir, String... lines) throws IOException {
    Path file = dir.resolve("aarhus-traffic").resolve("trafficMetaData.csv");
    Files.createDirectories(file.getParent());
    Files.writeString(file, String.join("\n", lines) + "\n");
    return file;
  }
}
