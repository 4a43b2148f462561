package dev.edgeplane.scheduler.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;

/** A service-specific metric that replicas report, and the value a good replica reaches. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ServiceMetric {

  @Required
  @Pattern("^[a-zA-Z_][a-zA-Z0-9_]*$")
  @JsonPropertyDescription("Metric name as the replicas report it, such as detection_latency_ms.")
  private String name;

  @JsonPropertyDescription("Unit of the values, such as ms or frames/s.")
  private String unit;

  @Default("true")
  @JsonPropertyDescription("Whether a lower value is better (true) or a higher one (false).")
  private boolean lowerIsBetter = true;

  @Required
  @JsonPropertyDescription("Value a replica should reach: at most this when lowerIsBetter, else at least.")
  private double target;

  public ServiceMetric() {
  }

  public ServiceMetric(String name, String unit, boolean lowerIsBetter, double target) {
    this.name = name;
    this.unit = unit;
    this.lowerIsBetter = lowerIsBetter;
    this.target = target;
  }

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  public String getUnit() {
    return unit;
  }

  public void setUnit(String unit) {
    this.unit = unit;
  }

  public boolean isLowerIsBetter() {
    return lowerIsBetter;
  }

  public void setLowerIsBetter(boolean lowerIsBetter) {
    this.lowerIsBetter = lowerIsBetter;
  }

  public double getTarget() {
    return target;
  }

  public void setTarget(double target) {
    this.target = target;
  }
}
