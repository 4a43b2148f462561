package dev.edgeplane.bench.internal;

import dev.edgeplane.scheduler.api.v1alpha1.FogService;
import dev.edgeplane.scheduler.api.v1alpha1.FogServiceSpec;
import dev.edgeplane.scheduler.api.v1alpha1.FogServiceStatus;
import dev.edgeplane.scheduler.api.v1alpha1.Placement;
import dev.edgeplane.scheduler.api.v1alpha1.PodMetadataKeys;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The objects of the controller benchmark: FogServices with one placement each, the check that the
 * controller has converged on them, and the plain create loop that serves as the baseline. Every
 * method blocks on its API calls and runs on the caller's thread.
 */
public final class ControllerWorkload {

  private static final Duration POLL = Duration.ofMillis(500);
  private static final Duration PROGRESS_EVERY = Duration.ofSeconds(5);

  private final KubernetesClient client;
  private final PrintWriter progress;

  public ControllerWorkload(KubernetesClient client, PrintWriter progress) {
    this.client = client;
    this.progress = progress;
  }

  /** Creates {@code count} FogServices; FogService {@code i} wants {@code replicas} pods at {@code intersection-i}. */
  public void createFogServices(String namespace, int count, int replicas) {
    for (int i = 1; i <= count; i++) {
      FogServiceSpec spec = new FogServiceSpec();
      spec.setTemplate(template());
      spec.setPlacements(new ArrayList<>(List.of(new Placement("intersection-" + i, replicas))));
      FogService fogService = new FogService();
      fogService.setMetadata(new ObjectMetaBuilder().withNamespace(namespace).withName("service-" + i).build());
      fogService.setSpec(spec);
      client.resources(FogService.class).inNamespace(namespace).resource(fogService).create();
    }
  }

  /**
   * Waits until every FogService of the namespace has a status for its current generation that
   * counts {@code replicas} pods, polling twice a second and printing progress every 5 s.
   *
   * @return false if {@code timeout} passed first
   */
  public boolean awaitConverged(String namespace, int count, int replicas, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    long nextProgress = System.nanoTime() + PROGRESS_EVERY.toNanos();
    while (System.nanoTime() < deadline) {
      List<FogService> fogServices = client.resources(FogService.class).inNamespace(namespace).list().getItems();
      long converged = fogServices.stream().filter(fogService -> converged(fogService, replicas)).count();
      if (converged == count) {
        return true;
      }
      if (System.nanoTime() >= nextProgress) {
        progress.printf("  %d of %d FogServices converged%n", converged, count);
        progress.flush();
        nextProgress += PROGRESS_EVERY.toNanos();
      }
      Thread.sleep(POLL.toMillis());
    }
    return false;
  }

  /** Counts the pods in the namespace, with one list call. */
  public int countPods(String namespace) {
    return client.pods().inNamespace(namespace).list().getItems().size();
  }

  /**
   * Creates, as the baseline, {@code count} pods of the shape the controller creates, one after the
   * other on this thread, without a controller.
   */
  public void createPodsDirectly(String namespace, int count) {
    PodTemplateSpec template = template();
    for (int i = 0; i < count; i++) {
      client.pods().inNamespace(namespace).resource(new PodBuilder()
          .withNewMetadata().withName("baseline-" + i).withNamespace(namespace)
          .addToLabels(PodMetadataKeys.FOGSERVICE_LABEL, "baseline")
          .addToLabels(PodMetadataKeys.LOCATION_LABEL, "intersection-" + (i % 1_000 + 1))
          .endMetadata()
          .withSpec(template.getSpec())
          .editSpec().withSchedulerName(PodMetadataKeys.SCHEDULER_NAME).endSpec()
          .build()).create();
    }
  }

  private static boolean converged(FogService fogService, int replicas) {
    FogServiceStatus status = fogService.getStatus();
    if (status == null || status.getObservedGeneration() == null) {
      return false;
    }
    Long generation = fogService.getMetadata().getGeneration();
    boolean current = generation == null || Objects.equals(generation, status.getObservedGeneration());
    return current && status.getReplicas() == replicas;
  }

  private static PodTemplateSpec template() {
    return new PodTemplateSpecBuilder()
        .withNewSpec()
        .withContainers(new ContainerBuilder().withName("main").withImage("registry.example.org/city/bench:1").build())
        .endSpec()
        .build();
  }
}
