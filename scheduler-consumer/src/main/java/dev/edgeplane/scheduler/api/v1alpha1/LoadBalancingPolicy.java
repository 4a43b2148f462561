package dev.edgeplane.scheduler.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Policy by which the load balancer spreads requests over the ready replicas. */
public enum LoadBalancingPolicy {
  /** Weights follow observed response time, errors, in-flight requests and network latency. */
  @JsonProperty("LatencyAware")
  LATENCY_AWARE,
  /** Every ready replica gets the same weight. */
  @JsonProperty("Equal")
  EQUAL
}
