package dev.edgeplane.scheduler.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;

/** Another FogService in the same namespace that a replica calls, with a latency bound. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class Dependency {

  @Required
  @Pattern("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")
  @JsonPropertyDescription("Name of the FogService depended on, in the same namespace.")
  private String fogService;

  @Required
  @Min(1)
  @JsonPropertyDescription("Maximum round-trip time in microseconds from a replica's node to the "
      + "node of at least one replica of the dependency.")
  private long maxRoundTripMicros;

  public Dependency() {
  }

  public Dependency(String fogService, long maxRoundTripMicros) {
    this.fogService = fogService;
    this.maxRoundTripMicros = maxRoundTripMicros;
  }

  public String getFogService() {
    return fogService;
  }

  public void setFogService(String fogService) {
    this.fogService = fogService;
  }

  public long getMaxRoundTripMicros() {
    return maxRoundTripMicros;
  }

  public void setMaxRoundTripMicros(long maxRoundTripMicros) {
    this.maxRoundTripMicros = maxRoundTripMicros;
  }
}
