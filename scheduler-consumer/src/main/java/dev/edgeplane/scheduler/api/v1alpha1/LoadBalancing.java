package dev.edgeplane.scheduler.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;

/** Bounds on the per-replica weights, as shares of the requests from 0 to 1. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class LoadBalancing {

  @JsonPropertyDescription("LatencyAware or Equal.")
  private LoadBalancingPolicy policy = LoadBalancingPolicy.LATENCY_AWARE;

  @Min(0)
  @Max(1)
  @JsonPropertyDescription("Smallest share of requests a ready replica keeps, from 0 to 1.")
  private double minWeight;

  @Min(0.001)
  @Max(1)
  @JsonPropertyDescription("Largest change of one replica's share in one update, from 0.001 to 1.")
  private double maxChangePerUpdate = 1.0;

  public LoadBalancingPolicy getPolicy() {
    return policy;
  }

  public void setPolicy(LoadBalancingPolicy policy) {
    this.policy = policy;
  }

  public double getMinWeight() {
    return minWeight;
  }

  public void setMinWeight(double minWeight) {
    this.minWeight = minWeight;
  }

  public double getMaxChangePerUpdate() {
    return maxChangePerUpdate;
  }

  public void setMaxChangePerUpdate(double maxChangePerUpdate) {
    this.maxChangePerUpdate = maxChangePerUpdate;
  }
}
