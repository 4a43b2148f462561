package dev.edgeplane.scheduler.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** Desired and ready replicas at one location. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class LocationStatus {

  @JsonPropertyDescription("Value of the node label edgeplane.dev/location.")
  private String location;

  @JsonPropertyDescription("Replicas the placements ask for at this location.")
  private int replicas;

  @JsonPropertyDescription("Pods at this location whose Ready condition is true.")
  private int readyReplicas;

  public LocationStatus() {
  }

  public LocationStatus(String location, int replicas, int readyReplicas) {
    this.location = location;
    this.replicas = replicas;
    this.readyReplicas = readyReplicas;
  }

  public String getLocation() {
    return location;
  }

  public void setLocation(String location) {
    this.location = location;
  }

  public int getReplicas() {
    return replicas;
  }

  public void setReplicas(int replicas) {
    this.replicas = replicas;
  }

  public int getReadyReplicas() {
    return readyReplicas;
  }

  public void setReadyReplicas(int readyReplicas) {
    this.readyReplicas = readyReplicas;
  }
}
