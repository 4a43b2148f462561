package dev.edgeplane.scheduler.observe.internal;

import dev.edgeplane.event.cluster.FogServiceDependency;
import dev.edgeplane.event.cluster.FogServiceInventory;
import dev.edgeplane.event.cluster.FogServiceMetricTarget;
import dev.edgeplane.scheduler.api.v1alpha1.Dependency;
import dev.edgeplane.scheduler.api.v1alpha1.FogService;
import dev.edgeplane.scheduler.api.v1alpha1.FogServiceSpec;
import dev.edgeplane.scheduler.api.v1alpha1.Placement;
import dev.edgeplane.scheduler.api.v1alpha1.ServiceMetric;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Maps a FogService to its {@link FogServiceInventory} record. Stateless and thread-safe. */
public final class FogServiceInventoryMapper {

  /** Maps the FogService; a FogService without a spec maps to empty lists and not critical. */
  public FogServiceInventory map(FogService fogService, Instant observedTime) {
    FogServiceSpec spec = fogService.getSpec();
    List<String> locations = new ArrayList<>();
    List<FogServiceDependency> dependencies = new ArrayList<>();
    List<FogServiceMetricTarget> metrics = new ArrayList<>();
    if (spec != null) {
      for (Placement placement : spec.getPlacements()) {
        if (placement.getLocation() != null && !locations.contains(placement.getLocation())) {
          locations.add(placement.getLocation());
        }
      }
      for (Dependency dependency : spec.getDependencies()) {
        dependencies.add(new FogServiceDependency(dependency.getFogService(), dependency.getMaxRoundTripMicros()));
      }
      for (ServiceMetric metric : spec.getMetrics()) {
        metrics.add(new FogServiceMetricTarget(metric.getName(), metric.getUnit(), metric.isLowerIsBetter(),
            metric.getTarget()));
      }
    }
    return FogServiceInventory.newBuilder()
        .setNamespace(fogService.getMetadata().getNamespace())
        .setName(fogService.getMetadata().getName())
        .setResourceVersion(String.valueOf(fogService.getMetadata().getResourceVersion()))
        .setObservedTime(observedTime)
        .setCritical(spec != null && spec.isCritical())
        .setLocations(locations)
        .setDependencies(dependencies)
        .setMetrics(metrics)
        .build();
  }

  /** Returns the record key of a FogService, {@code namespace/name}. */
  public static String key(FogService fogService) {
    return fogService.getMetadata().getNamespace() + "/" + fogService.getMetadata().getName();
  }
}
