package dev.edgeplane.ingest.simulate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Quantity;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class LivingLabTopologyTest {

  @Test
  void defaultCityHasAveiroShape() {
    CityTopology city = CityTopology.livingLab(LivingLabOptions.defaults());

    assertThat(city.size()).isEqualTo(50);
    assertThat(city.nodes(CityNode.Tier.EDGE)).hasSize(44);
    assertThat(city.nodes(CityNode.Tier.FOG)).hasSize(4);
    assertThat(city.nodes(CityNode.Tier.CLOUD)).extracting(CityNode::name).containsExactly("cloud-1", "cloud-2");
    assertThat(city.intersections()).hasSize(44).extracting(CityLocation::id).startsWith("ap-01", "ap-02");
    assertThat(city.intersections()).extracting(CityLocation::kind).contains("lamp-post", "wall-box")
        .allMatch(kind -> kind.equals("lamp-post") || kind.equals("wall-box"));
    assertThat(city.intersections()).allSatisfy(location -> {
      assertThat(location.latitude()).isBetween(40.60, 40.68);
      assertThat(location.longitude()).isBetween(-8.70, -8.60);
    });
    assertThat(city.controlNode().name()).isEqualTo("cloud-1");
    assertThat(city.source()).isEqualTo("Aveiro-like living lab");
  }

  @Test
  void accessPointsUplinkToAggregationInTheirDistrict() {
    CityTopology city = CityTopology.livingLab(LivingLabOptions.defaults());

    for (CityNode edge : city.nodes(CityNode.Tier.EDGE)) {
      CityNode uplink = city.uplink(edge).orElseThrow();
      assertThat(uplink.tier()).isEqualTo(CityNode.Tier.FOG);
      assertThat(uplink.location().district()).isEqualTo(edge.location().district());
    }
    for (CityNode fog : city.nodes(CityNode.Tier.FOG)) {
      assertThat(city.uplink(fog)).contains(city.controlNode());
    }
    assertThat(city.uplink(city.controlNode())).isEmpty();
    Set<String> districts = city.nodes(CityNode.Tier.EDGE).stream().map(node -> node.location().district())
        .collect(Collectors.toSet());
    assertThat(districts).containsExactlyInAnyOrder("centro", "universidade", "beira-mar", "esgueira");
  }

  @Test
  void sameSeedGivesSameCity() {
    assertThat(CityTopology.livingLab(LivingLabOptions.defaults()).nodes())
        .isEqualTo(CityTopology.livingLab(LivingLabOptions.defaults()).nodes());
    assertThat(CityTopology.livingLab(new LivingLabOptions(7, 44, 4, 2)).nodes())
        .isNotEqualTo(CityTopology.livingLab(LivingLabOptions.defaults()).nodes());
  }

  @Test
  void kubernetesNodesCarryLabelsAndCapacity() {
    CityTopology city = CityTopology.livingLab(LivingLabOptions.defaults());
    Map<String, Node> nodes = city.kubernetesNodes().stream()
        .collect(Collectors.toMap(node -> node.getMetadata().getName(), node -> node));

    assertThat(nodes).hasSize(50);
    CityNode edge = city.node("edge-ap-07").orElseThrow();
    Node kubernetes = nodes.get("edge-ap-07");
    assertThat(kubernetes.getMetadata().getLabels())
        .containsEntry("edgeplane.dev/location", "ap-07")
        .containsEntry("edgeplane.dev/tier", "edge")
        .containsEntry("edgeplane.dev/district", edge.location().district())
        .containsEntry("edgeplane.dev/location-kind", edge.location().kind())
        .containsEntry("capability.edgeplane.dev/realtime", "true")
        .containsEntry("kubernetes.io/hostname", "edge-ap-07");
    assertThat(kubernetes.getStatus().getCapacity())
        .containsEntry("cpu", new Quantity(Integer.toString(edge.cpuCores())))
        .containsEntry("memory", new Quantity(edge.memoryMebibytes() + "Mi"))
        .containsEntry("pods", new Quantity("110"));
    assertThat(kubernetes.getStatus().getAllocatable()).isEqualTo(kubernetes.getStatus().getCapacity());
    assertThat(nodes.get("fog-agg-01").getMetadata().getLabels()).containsEntry("edgeplane.dev/tier", "fog")
        .containsEntry("edgeplane.dev/location-kind", "aggregation");
    assertThat(nodes.get("cloud-2").getMetadata().getLabels()).containsEntry("edgeplane.dev/location", "cloud-dc");
  }

  @Test
  void scalesToTenThousandNodes() {
    long start = System.nanoTime();
    CityTopology city = CityTopology.livingLab(LivingLabOptions.forNodeCount(1, 10_000));
    long millis = (System.nanoTime() - start) / 1_000_000;

    assertThat(city.size()).isEqualTo(10_000);
    assertThat(city.nodes().stream().map(CityNode::name).distinct().count()).isEqualTo(10_000);
    assertThat(city.nodes(CityNode.Tier.FOG)).hasSize(834);
    assertThat(city.node("edge-ap-9164")).isPresent();
    assertThat(millis).as("build time in ms").isLessThan(5_000);
  }

  @Test
  void nodeCountOutsideRangeIsRejected() {
    assertThatThrownBy(() -> LivingLabOptions.forNodeCount(1, 10_001))
        .hasMessageContaining("nodes is 10001: give 4 to 10000");
    assertThatThrownBy(() -> new LivingLabOptions(1, 3, 4, 1))
        .hasMessageContaining("aggregationNodes is 4 for 3 access points");
  }
}
