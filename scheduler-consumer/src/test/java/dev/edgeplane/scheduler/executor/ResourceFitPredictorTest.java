package dev.edgeplane.scheduler.executor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.edgeplane.scheduler.api.v1alpha1.PodMetadataKeys;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ResourceFitPredictorTest {

  private final List<Node> nodes = new ArrayList<>();
  private final List<Pod> pods = new ArrayList<>();
  private final ResourceFitPredictor predictor = new ResourceFitPredictor(() -> nodes, () -> pods);

  @Test
  void picksNodeWithMostFreeCpu() {
    nodes.add(node("small", "loc-a", "2", true));
    nodes.add(node("big", "loc-a", "4", true));
    nodes.add(node("elsewhere", "loc-b", "8", true));
    Pod pod = pod("p1", "uid-1", "loc-a", "small", "1");
    pods.add(pod);

    Prediction prediction = predictor.predict(pod);

    assertThat(prediction.targetNode()).isEqualTo("big");
    assertThat(prediction.targetScore()).isEqualTo(75.0);
    assertThat(prediction.currentScore()).isEqualTo(50.0);
  }

  @Test
  void countsOtherPodsButNotItself() {
    nodes.add(node("small", "loc-a", "2", true));
    nodes.add(node("big", "loc-a", "4", true));
    pods.add(pod("p1", "uid-1", "loc-a", "big", "3"));
    Pod pod = pod("p2", "uid-2", "loc-a", "small", "1");
    pods.add(pod);

    assertThat(predictor.predict(pod).targetNode()).isEqualTo("small");
  }

  @Test
  void namesWhyNoNodeFits() {
    nodes.add(node("down", "loc-a", "4", false));
    nodes.add(node("full", "loc-a", "1", true));
    nodes.add(node("elsewhere", "loc-b", "8", true));
    Pod pod = pod("p1", "uid-1", "loc-a", null, "2");

    Prediction prediction = predictor.predict(pod);

    assertThat(prediction.isFeasible()).isFalse();
    assertThat(prediction.reasons()).containsExactly("1 wrong location", "1 not ready",
        "1 insufficient cpu or memory");
  }

  private static Node node(String name, String location, String cpu, boolean ready) {
    return new NodeBuilder()
        .withNewMetadata().withName(name).addToLabels(PodMetadataKeys.LOCATION_LABEL, location).endMetadata()
        .withNewStatus().addToAllocatable("cpu", new Quantity(cpu)).addToAllocatable("memory", new Quantity("8Gi"))
        .addNewCondition().withType("Ready").withStatus(ready ? "True" : "False").endCondition()
        .endStatus()
        .build();
  }

  private static Pod pod(String name, String uid, String location, String node, String cpu) {
    return new PodBuilder()
        .withNewMetadata().withName(name).withUid(uid).addToLabels(PodMetadataKeys.LOCATION_LABEL, location)
        .endMetadata()
        .withNewSpec().withNodeName(node)
        .withContainers(new ContainerBuilder().withName("main").withNewResources()
            .addToRequests("cpu", new Quantity(cpu)).endResources().build())
        .endSpec()
        .build();
  }
}
