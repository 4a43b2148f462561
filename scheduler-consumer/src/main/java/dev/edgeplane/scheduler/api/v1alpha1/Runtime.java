package dev.edgeplane.scheduler.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;

/** Runtime of the replicas; the scheduler places both kinds the same way. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "self.kind != 'legacy' || has(self.runtimeClassName)",
    message = "kind legacy needs runtimeClassName, the RuntimeClass whose handler runs the host process")
public class Runtime {

  @Required
  @JsonPropertyDescription("container or legacy.")
  private RuntimeKind kind = RuntimeKind.CONTAINER;

  @Pattern("^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$")
  @JsonPropertyDescription("RuntimeClass of the pods; required for legacy.")
  private String runtimeClassName;

  public RuntimeKind getKind() {
    return kind;
  }

  public void setKind(RuntimeKind kind) {
    this.kind = kind;
  }

  public String getRuntimeClassName() {
    return runtimeClassName;
  }

  public void setRuntimeClassName(String runtimeClassName) {
    this.runtimeClassName = runtimeClassName;
  }
}
