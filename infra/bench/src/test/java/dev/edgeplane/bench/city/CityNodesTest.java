package dev.edgeplane.bench.city;

import static org.assertj.core.api.Assertions.assertThat;

import dev.edgeplane.ingest.simulate.CityTopology;
import dev.edgeplane.ingest.simulate.TopologyOptions;
import dev.edgeplane.k8ssim.SimulatedKubernetes;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Quantity;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CityNodesTest {

  @Test
  void cityNodesJoinTheApiWithTheirLabels() {
    CityTopology city = CityTopology.synthetic(new TopologyOptions(3, 4, 2, 1));

    try (SimulatedKubernetes kubernetes = SimulatedKubernetes.start()) {
      assertThat(CityNodes.addAll(kubernetes, city)).hasSize(9);

      assertThat(kubernetes.client().nodes().list().getItems()).hasSize(9);
      Node edge = kubernetes.client().nodes().withName("edge-intersection-2-1").get();
      Map<String, String> labels = edge.getMetadata().getLabels();
      assertThat(labels).containsEntry("edgeplane.dev/location", "intersection-2")
          .containsEntry("edgeplane.dev/tier", "edge")
          .containsEntry("edgeplane.dev/location-kind", "intersection")
          .containsEntry("capability.edgeplane.dev/realtime", "true")
          .containsKey("edgeplane.dev/district");
      int cores = city.node("edge-intersection-2-1").orElseThrow().cpuCores();
      assertThat(edge.getStatus().getAllocatable()).containsEntry("cpu", new Quantity(Integer.toString(cores)));
      Node cloud = kubernetes.client().nodes().withName("cloud-1").get();
      assertThat(cloud.getMetadata().getLabels()).containsEntry("edgeplane.dev/location", "cloud-central")
          .containsEntry("edgeplane.dev/tier", "cloud")
          .containsEntry("capability.edgeplane.dev/storage", "true");
    }
  }
}
