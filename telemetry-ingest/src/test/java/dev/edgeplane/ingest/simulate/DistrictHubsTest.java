package dev.edgeplane.ingest.simulate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class DistrictHubsTest {

  // 64 intersections of the synthetic grid reach beyond the old town into the outer districts.
  private static final TopologyOptions SMALL = new TopologyOptions(7, 64, 2, 3);

  @Test
  void everyDistrictGetsHubNodes() {
    CityTopology plain = CityTopology.synthetic(SMALL);
    CityTopology city = plain.withDistrictHubs(2);

    Set<String> districts = plain.intersections().stream().map(CityLocation::district).collect(Collectors.toSet());
    List<CityNode> fog = city.nodes(CityNode.Tier.FOG);
    assertThat(fog).hasSize(2 * districts.size());
    assertThat(fog).extracting(node -> node.location().district()).containsOnlyElementsOf(districts);
    assertThat(fog).allSatisfy(node -> {
      assertThat(node.location().id()).isEqualTo("district-" + node.location().district() + "-hub");
      assertThat(node.location().kind()).isEqualTo("aggregation");
      assertThat(node.capabilities()).contains("storage", "legacy-host", "realtime");
    });
    assertThat(city.node("fog-district-north-hub-2")).isPresent();
    assertThat(city.size()).isEqualTo(plain.size() + fog.size());
    assertThat(city.source()).isEqualTo("synthetic grid with district hubs");
  }

  @Test
  void nodesKeepTierOrder() {
    List<CityNode.Tier> tiers = CityTopology.synthetic(SMALL).withDistrictHubs(1).nodes().stream()
        .map(CityNode::tier).toList();

    int lastEdge = tiers.lastIndexOf(CityNode.Tier.EDGE);
    assertThat(tiers.indexOf(CityNode.Tier.FOG)).isEqualTo(lastEdge + 1);
    assertThat(tiers.lastIndexOf(CityNode.Tier.FOG)).isLessThan(tiers.indexOf(CityNode.Tier.CLOUD));
  }

  @Test
  void uplinksGoThroughTheDistrictHub() {
    CityTopology city = CityTopology.synthetic(SMALL).withDistrictHubs(2);

    for (CityNode edge : city.nodes(CityNode.Tier.EDGE)) {
      CityNode hub = city.uplink(edge).orElseThrow();
      assertThat(hub.name()).isEqualTo("fog-district-" + edge.location().district() + "-hub-1");
    }
    for (CityNode hub : city.nodes(CityNode.Tier.FOG)) {
      assertThat(city.uplink(hub)).map(CityNode::name).hasValue("cloud-1");
    }
  }

  @Test
  void hubIsNearerThanCloud() {
    CityTopology city = CityTopology.synthetic(SMALL).withDistrictHubs(1);
    CityNode edge = city.nodes(CityNode.Tier.EDGE).get(0);

    long toHub = city.roundTripMicros(edge, city.uplink(edge).orElseThrow());
    long toCloud = city.roundTripMicros(edge, city.nodes(CityNode.Tier.CLOUD).get(0));

    assertThat(toHub).isLessThan(toCloud);
  }

  @Test
  void cityWithoutCloudHasHubsWithoutUplink() {
    CityTopology city = CityTopology.synthetic(new TopologyOptions(7, 4, 1, 0)).withDistrictHubs(1);

    assertThat(city.nodes(CityNode.Tier.FOG)).allSatisfy(hub -> assertThat(city.uplink(hub)).isEmpty());
  }

  @Test
  void invalidHubSizeAndLivingLabRejected() {
    CityTopology plain = CityTopology.synthetic(SMALL);

    assertThatThrownBy(() -> plain.withDistrictHubs(0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("nodesPerHub is 0");
    assertThatThrownBy(() -> CityTopology.livingLab(LivingLabOptions.defaults()).withDistrictHubs(1))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("already has 4 aggregation nodes");
  }
}
