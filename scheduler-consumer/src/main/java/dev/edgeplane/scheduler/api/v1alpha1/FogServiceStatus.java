package dev.edgeplane.scheduler.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The observed state of a {@link FogService}, written only by the controller. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class FogServiceStatus {

  /** Every desired replica at every location is ready. */
  public static final String READY = "Ready";
  /** Some location has fewer ready replicas than desired, or a location has no node. */
  public static final String DEGRADED = "Degraded";
  /** The spec breaks a rule; the message names the rule and the fix. */
  public static final String INVALID = "Invalid";

  @JsonPropertyDescription("metadata.generation of the spec this status describes.")
  private Long observedGeneration;

  @JsonPropertyDescription("Ready, Degraded and Invalid, each True or False with a reason and message.")
  private List<Condition> conditions = new ArrayList<>();

  @JsonPropertyDescription("Replicas desired over all locations.")
  private int replicas;

  @JsonPropertyDescription("Ready pods over all locations.")
  private int readyReplicas;

  @JsonPropertyDescription("Desired and ready replicas per location.")
  private List<LocationStatus> locations = new ArrayList<>();

  public Long getObservedGeneration() {
    return observedGeneration;
  }

  public void setObservedGeneration(Long observedGeneration) {
    this.observedGeneration = observedGeneration;
  }

  public List<Condition> getConditions() {
    return conditions;
  }

  public void setConditions(List<Condition> conditions) {
    this.conditions = conditions == null ? new ArrayList<>() : conditions;
  }

  /** Returns the condition of the given type, if the status has one. */
  @JsonIgnore
  public Optional<Condition> condition(String type) {
    return conditions.stream().filter(c -> type.equals(c.getType())).findFirst();
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

  public List<LocationStatus> getLocations() {
    return locations;
  }

  public void setLocations(List<LocationStatus> locations) {
    this.locations = locations == null ? new ArrayList<>() : locations;
  }
}
