package dev.edgeplane.k8ssim;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A node of the simulated cluster: its name, labels and capacity. The location and tier become the
 * node labels {@value #LOCATION_LABEL} and {@value #TIER_LABEL}. Immutable.
 */
public final class SimulatedNode {

  public static final String LOCATION_LABEL = "edgeplane.dev/location";
  public static final String TIER_LABEL = "edgeplane.dev/tier";

  private final String name;
  private final Map<String, String> labels;
  private final String cpu;
  private final String memory;
  private final int maxPods;

  private SimulatedNode(Builder builder) {
    this.name = builder.name;
    this.labels = Map.copyOf(builder.labels);
    this.cpu = builder.cpu;
    this.memory = builder.memory;
    this.maxPods = builder.maxPods;
  }

  /** Starts a node description; the name must be a DNS subdomain, as for any node. */
  public static Builder builder(String name) {
    return new Builder(name);
  }

  public String name() {
    return name;
  }

  public Map<String, String> labels() {
    return labels;
  }

  /** CPU capacity as a Kubernetes quantity, such as {@code 4} or {@code 3500m}. */
  public String cpu() {
    return cpu;
  }

  /** Memory capacity as a Kubernetes quantity, such as {@code 8Gi}. */
  public String memory() {
    return memory;
  }

  public int maxPods() {
    return maxPods;
  }

  /** Collects the fields of a {@link SimulatedNode}; defaults are 4 CPUs, 8Gi and 110 pods. */
  public static final class Builder {

    private final String name;
    private final Map<String, String> labels = new LinkedHashMap<>();
    private String cpu = "4";
    private String memory = "8Gi";
    private int maxPods = 110;

    private Builder(String name) {
      this.name = Objects.requireNonNull(name, "name");
      labels.put("kubernetes.io/hostname", name);
    }

    public Builder location(String location) {
      labels.put(LOCATION_LABEL, location);
      return this;
    }

    public Builder tier(String tier) {
      labels.put(TIER_LABEL, tier);
      return this;
    }

    public Builder label(String key, String value) {
      labels.put(key, value);
      return this;
    }

    public Builder cpu(String cpu) {
      this.cpu = cpu;
      return this;
    }

    public Builder memory(String memory) {
      this.memory = memory;
      return this;
    }

    public Builder maxPods(int maxPods) {
      if (maxPods < 1) {
        throw new IllegalArgumentException("maxPods is " + maxPods + " for node " + name
            + ": give at least 1");
      }
      this.maxPods = maxPods;
      return this;
    }

    public SimulatedNode build() {
      return new SimulatedNode(this);
    }
  }
}
