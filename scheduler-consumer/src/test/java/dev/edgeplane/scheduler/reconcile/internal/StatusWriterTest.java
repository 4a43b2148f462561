package dev.edgeplane.scheduler.reconcile.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.edgeplane.k8ssim.SimulatedKubernetes;
import dev.edgeplane.scheduler.api.v1alpha1.FogService;
import dev.edgeplane.scheduler.api.v1alpha1.FogServiceFixtures;
import dev.edgeplane.scheduler.api.v1alpha1.FogServiceStatus;
import dev.edgeplane.scheduler.api.v1alpha1.Placement;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class StatusWriterTest {

  private static SimulatedKubernetes kubernetes;
  private static KubernetesClient client;

  @BeforeAll
  static void startApi() throws IOException {
    kubernetes = SimulatedKubernetes.start();
    client = kubernetes.client();
    try (InputStream crd = new FileInputStream(
        Path.of("..", "infra", "k8s", "crds", "fogservices.edgeplane.dev-v1.yml").toFile())) {
      client.apiextensions().v1().customResourceDefinitions().load(crd).create();
    }
  }

  @AfterAll
  static void stopApi() {
    kubernetes.close();
  }

  @Test
  void staleWriteRetriedWithFreshState() {
    FogService stale = client.resource(FogServiceFixtures.plain("city", "video", new Placement("a", 1))).create();
    client.resources(FogService.class).inNamespace("city").withName("video").edit(fs -> {
      fs.getSpec().getPlacements().get(0).setReplicas(2);
      return fs;
    });
    FogServiceStatus status = new FogServiceStatus();
    status.setReplicas(2);

    boolean written = new StatusWriter(client).write(stale, status);

    assertThat(written).isTrue();
    FogService stored = client.resources(FogService.class).inNamespace("city").withName("video").get();
    assertThat(stored.getStatus().getReplicas()).isEqualTo(2);
    assertThat(stored.getSpec().getPlacements().get(0).getReplicas())
        .as("the retry keeps the newer spec").isEqualTo(2);
  }

  @Test
  void unchangedStatusNotWritten() {
    FogService fogService = client.resource(FogServiceFixtures.plain("city", "map", new Placement("a", 1))).create();
    FogServiceStatus status = new FogServiceStatus();
    status.setReplicas(1);
    StatusWriter writer = new StatusWriter(client);
    writer.write(fogService, status);
    FogService current = client.resources(FogService.class).inNamespace("city").withName("map").get();

    assertThat(writer.write(current, status)).isFalse();
  }
}
