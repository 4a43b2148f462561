package dev.edgeplane.scheduler.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import java.util.ArrayList;
import java.util.List;

/** The desired state of a {@link FogService}. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class FogServiceSpec {

  // List bounds keep the API server's cost estimate for the CEL rules on list items within budget.
  public static final int MAX_PLACEMENTS = 256;
  public static final int MAX_DEPENDENCIES = 32;
  public static final int MAX_METRICS = 32;

  @Required
  @JsonPropertyDescription("Pod template of every replica. The controller adds the scheduler name, "
      + "labels, annotations and owner reference.")
  private PodTemplateSpec template;

  @Required
  @Size(min = 1, max = MAX_PLACEMENTS)
  @JsonPropertyDescription("Where replicas run: one entry per location or location selector.")
  private List<Placement> placements = new ArrayList<>();

  @JsonPropertyDescription("Node labels, capabilities and resources each replica needs.")
  private Requirements requirements;

  @JsonPropertyDescription("Real-time scheduling class of the replicas; absent means none.")
  private Realtime realtime;

  @JsonPropertyDescription("How the replicas run: as containers or as a legacy host process.")
  private Runtime runtime;

  @Size(max = MAX_DEPENDENCIES)
  @JsonPropertyDescription("Other FogServices this one calls, each with a round-trip time bound.")
  private List<Dependency> dependencies = new ArrayList<>();

  @Size(max = MAX_METRICS)
  @JsonPropertyDescription("Service-specific metrics the replicas report, each with a target.")
  private List<ServiceMetric> metrics = new ArrayList<>();

  @JsonPropertyDescription("Bounds for the weights the load balancer gives to the replicas.")
  private LoadBalancing loadBalancing;

  @JsonPropertyDescription("Whether pods on a degraded node are moved to a healthy one.")
  private boolean critical;

  public PodTemplateSpec getTemplate() {
    return template;
  }

  public void setTemplate(PodTemplateSpec template) {
    this.template = template;
  }

  public List<Placement> getPlacements() {
    return placements;
  }

  public void setPlacements(List<Placement> placements) {
    this.placements = placements == null ? new ArrayList<>() : placements;
  }

  public Requirements getRequirements() {
    return requirements;
  }

  public void setRequirements(Requirements requirements) {
    this.requirements = requirements;
  }

  public Realtime getRealtime() {
    return realtime;
  }

  public void setRealtime(Realtime realtime) {
    this.realtime = realtime;
  }

  public Runtime getRuntime() {
    return runtime;
  }

  public void setRuntime(Runtime runtime) {
    this.runtime = runtime;
  }

  public List<Dependency> getDependencies() {
    return dependencies;
  }

  public void setDependencies(List<Dependency> dependencies) {
    this.dependencies = dependencies == null ? new ArrayList<>() : dependencies;
  }

  public List<ServiceMetric> getMetrics() {
    return metrics;
  }

  public void setMetrics(List<ServiceMetric> metrics) {
    this.metrics = metrics == null ? new ArrayList<>() : metrics;
  }

  public LoadBalancing getLoadBalancing() {
    return loadBalancing;
  }

  public void setLoadBalancing(LoadBalancing loadBalancing) {
    this.loadBalancing = loadBalancing;
  }

  public boolean isCritical() {
    return critical;
  }

  public void setCritical(boolean critical) {
    this.critical = critical;
  }
}
