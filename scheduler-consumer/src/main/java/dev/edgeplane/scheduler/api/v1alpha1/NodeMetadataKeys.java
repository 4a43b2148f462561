package dev.edgeplane.scheduler.api.v1alpha1;

/**
 * Label and annotation keys through which a node advertises its place, capabilities and real-time
 * limits to Edgeplane.
 */
public final class NodeMetadataKeys {

  /** Label: the city location of the node. */
  public static final String LOCATION_LABEL = Placement.LOCATION_LABEL;
  /** Label: {@code edge}, {@code fog} or {@code cloud}. */
  public static final String TIER_LABEL = "edgeplane.dev/tier";
  /** Label prefix: {@code capability.edgeplane.dev/<name>=true} advertises capability {@code name}. */
  public static final String CAPABILITY_LABEL_PREFIX = Requirements.CAPABILITY_LABEL_PREFIX;
  /** Capability a node needs before it admits real-time pods. */
  public static final String REALTIME_CAPABILITY = "realtime";

  /** Annotation: CPUs available to real-time tasks; defaults to the node's CPU capacity. */
  public static final String REALTIME_CPUS = "edgeplane.dev/realtime-cpus";
  /** Annotation: {@code sched_rt_runtime_us} of the node, in microseconds; defaults to 950000. */
  public static final String REALTIME_RUNTIME_MICROS = "edgeplane.dev/realtime-runtime-us";
  /** Annotation: {@code sched_rt_period_us} of the node, in microseconds; defaults to 1000000. */
  public static final String REALTIME_PERIOD_MICROS = "edgeplane.dev/realtime-period-us";
  /** Annotation: comma-separated real-time policies the node accepts; defaults to FIFO,RR,DEADLINE. */
  public static final String REALTIME_POLICIES = "edgeplane.dev/realtime-policies";

  /** Linux default of {@code sched_rt_runtime_us}. */
  public static final long DEFAULT_RT_RUNTIME_MICROS = 950_000L;
  /** Linux default of {@code sched_rt_period_us}. */
  public static final long DEFAULT_RT_PERIOD_MICROS = 1_000_000L;

  private NodeMetadataKeys() {
  }
}
