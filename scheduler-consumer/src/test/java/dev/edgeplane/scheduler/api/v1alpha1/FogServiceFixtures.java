package dev.edgeplane.scheduler.api.v1alpha1;

import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import java.util.ArrayList;
import java.util.List;

/** Named FogService fixtures for tests. */
public final class FogServiceFixtures {

  private FogServiceFixtures() {
  }

  /** Builds a container service with the given replicas per location, and nothing else set. */
  public static FogService plain(String namespace, String name, Placement... placements) {
    FogServiceSpec spec = new FogServiceSpec();
    spec.setTemplate(template("registry.example/" + name + ":1"));
    spec.setPlacements(new ArrayList<>(List.of(placements)));

    FogService fogService = new FogService();
    fogService.setMetadata(new ObjectMetaBuilder().withNamespace(namespace).withName(name).build());
    fogService.setSpec(spec);
    return fogService;
  }

  /** Builds a critical SCHED_DEADLINE collision warning with two replicas at one intersection. */
  public static FogService collisionWarning(String namespace) {
    FogService fogService = plain(namespace, "collision-warning", new Placement("intersection-7", 2));
    FogServiceSpec spec = fogService.getSpec();
    spec.setCritical(true);

    Realtime realtime = new Realtime();
    realtime.setPolicy(RealtimePolicy.DEADLINE);
    realtime.setRuntimeMicros(2_000L);
    realtime.setDeadlineMicros(8_000L);
    realtime.setPeriodMicros(10_000L);
    spec.setRealtime(realtime);

    Requirements requirements = new Requirements();
    requirements.getNodeLabels().put("edgeplane.dev/tier", "edge");
    requirements.getCapabilities().add("realtime");
    requirements.setCpu(new Quantity("500m"));
    requirements.setMemory(new Quantity("256Mi"));
    spec.setRequirements(requirements);

    spec.getMetrics().add(new ServiceMetric("warning_latency_ms", "ms", true, 20));
    spec.getDependencies().add(new Dependency("map-service", 5_000));
    return fogService;
  }

  /** Builds a pod template with one container of the given image. */
  public static PodTemplateSpec template(String image) {
    return new PodTemplateSpecBuilder()
        .withNewSpec()
        .withContainers(new ContainerBuilder().withName("main").withImage(image).build())
        .endSpec()
        .build();
  }
}
