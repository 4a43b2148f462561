package dev.edgeplane.scheduler.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.LabelSelector;

/**
 * Replicas at one location, or at each location whose nodes a selector matches. A location is a
 * value of the node label {@value #LOCATION_LABEL}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "has(self.location) != has(self.locationSelector)",
    message = "set exactly one of location and locationSelector")
public class Placement {

  public static final String LOCATION_LABEL = "edgeplane.dev/location";

  /** A Kubernetes label value, which is what a location is. */
  public static final String LOCATION_PATTERN = "^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$";

  public static final int MAX_REPLICAS = 1000;

  @Pattern(LOCATION_PATTERN)
  @Size(max = 63)
  @JsonPropertyDescription("A value of the node label edgeplane.dev/location.")
  private String location;

  @JsonPropertyDescription("Selects nodes by label; every distinct edgeplane.dev/location value "
      + "among the selected nodes gets the given replicas.")
  private LabelSelector locationSelector;

  @Required
  @Min(0)
  @Max(MAX_REPLICAS)
  @JsonPropertyDescription("Replicas at each location this placement names or selects.")
  private int replicas;

  public Placement() {
  }

  public Placement(String location, int replicas) {
    this.location = location;
    this.replicas = replicas;
  }

  public String getLocation() {
    return location;
  }

  public void setLocation(String location) {
    this.location = location;
  }

  public LabelSelector getLocationSelector() {
    return locationSelector;
  }

  public void setLocationSelector(LabelSelector locationSelector) {
    this.locationSelector = locationSelector;
  }

  public int getReplicas() {
    return replicas;
  }

  public void setReplicas(int replicas) {
    this.replicas = replicas;
  }
}
