package dev.edgeplane.scheduler.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.Quantity;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Node labels, capabilities and resources that one replica needs. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class Requirements {

  /** Node label prefix under which a node advertises a capability, such as {@code gpu}. */
  public static final String CAPABILITY_LABEL_PREFIX = "capability.edgeplane.dev/";

  @JsonPropertyDescription("Labels the node must carry with these values, such as "
      + "edgeplane.dev/tier: edge.")
  private Map<String, String> nodeLabels = new LinkedHashMap<>();

  @JsonPropertyDescription("Capabilities the node must advertise as labels "
      + "capability.edgeplane.dev/<name>=true, such as gpu or camera.")
  private List<String> capabilities = new ArrayList<>();

  @JsonPropertyDescription("CPU per replica; must cover what the pod template's containers request.")
  private Quantity cpu;

  @JsonPropertyDescription("Memory per replica; must cover what the pod template's containers request.")
  private Quantity memory;

  public Map<String, String> getNodeLabels() {
    return nodeLabels;
  }

  public void setNodeLabels(Map<String, String> nodeLabels) {
    this.nodeLabels = nodeLabels == null ? new LinkedHashMap<>() : nodeLabels;
  }

  public List<String> getCapabilities() {
    return capabilities;
  }

  public void setCapabilities(List<String> capabilities) {
    this.capabilities = capabilities == null ? new ArrayList<>() : capabilities;
  }

  public Quantity getCpu() {
    return cpu;
  }

  public void setCpu(Quantity cpu) {
    this.cpu = cpu;
  }

  public Quantity getMemory() {
    return memory;
  }

  public void setMemory(Quantity memory) {
    this.memory = memory;
  }
}
