package dev.edgeplane.scheduler.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;

/**
 * Real-time parameters of a replica, in microseconds. The scheduler admits a real-time replica on a
 * node only while the sum of runtime/period over the node's real-time replicas stays within the
 * node's real-time bandwidth, so every policy other than {@link RealtimePolicy#NONE} needs runtime
 * and period.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "self.policy == 'NONE' || (has(self.runtimeMicros) && has(self.periodMicros))",
    message = "policies other than NONE need runtimeMicros and periodMicros")
@ValidationRule(value = "!has(self.runtimeMicros) || !has(self.periodMicros) "
    + "|| self.runtimeMicros <= (has(self.deadlineMicros) ? self.deadlineMicros : self.periodMicros)",
    message = "runtimeMicros must not exceed deadlineMicros (or periodMicros when no deadline is set)")
@ValidationRule(value = "!has(self.deadlineMicros) || !has(self.periodMicros) "
    + "|| self.deadlineMicros <= self.periodMicros",
    message = "deadlineMicros must not exceed periodMicros")
@ValidationRule(value = "(self.policy == 'FIFO' || self.policy == 'RR') ? "
    + "(has(self.priority) && self.priority >= 1) : (!has(self.priority) || self.priority == 0)",
    message = "FIFO and RR need a priority from 1 to 99; DEADLINE and NONE take no priority")
public class Realtime {

  public static final int MAX_PRIORITY = 99;

  @Required
  @JsonPropertyDescription("Scheduling class: FIFO, RR, DEADLINE or NONE.")
  private RealtimePolicy policy;

  @Min(0)
  @Max(MAX_PRIORITY)
  @JsonPropertyDescription("Static priority for FIFO and RR, from 1 (lowest) to 99.")
  private Integer priority;

  @Min(1)
  @JsonPropertyDescription("CPU time per period in microseconds.")
  private Long runtimeMicros;

  @Min(1)
  @JsonPropertyDescription("Period in microseconds.")
  private Long periodMicros;

  @Min(1)
  @JsonPropertyDescription("Relative deadline in microseconds; defaults to the period.")
  private Long deadlineMicros;

  public RealtimePolicy getPolicy() {
    return policy;
  }

  public void setPolicy(RealtimePolicy policy) {
    this.policy = policy;
  }

  public Integer getPriority() {
    return priority;
  }

  public void setPriority(Integer priority) {
    this.priority = priority;
  }

  public Long getRuntimeMicros() {
    return runtimeMicros;
  }

  public void setRuntimeMicros(Long runtimeMicros) {
    this.runtimeMicros = runtimeMicros;
  }

  public Long getPeriodMicros() {
    return periodMicros;
  }

  public void setPeriodMicros(Long periodMicros) {
    this.periodMicros = periodMicros;
  }

  public Long getDeadlineMicros() {
    return deadlineMicros;
  }

  public void setDeadlineMicros(Long deadlineMicros) {
    this.deadlineMicros = deadlineMicros;
  }
}
