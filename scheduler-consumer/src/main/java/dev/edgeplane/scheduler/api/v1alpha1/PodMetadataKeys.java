package dev.edgeplane.scheduler.api.v1alpha1;

/**
 * Label and annotation keys the FogService controller writes on the pods it owns, so that the
 * scheduler and the inventory can read a pod's FogService, location and real-time needs without the
 * FogService at hand.
 */
public final class PodMetadataKeys {

  /** Scheduler name every FogService pod carries in {@code spec.schedulerName}. */
  public static final String SCHEDULER_NAME = "edgeplane";

  /** Label: name of the owning FogService. */
  public static final String FOGSERVICE_LABEL = "edgeplane.dev/fogservice";
  /** Label: the location the pod must run at, a value of the node label of the same key. */
  public static final String LOCATION_LABEL = Placement.LOCATION_LABEL;

  /** Annotation: {@link RealtimePolicy} name. */
  public static final String REALTIME_POLICY = "edgeplane.dev/realtime-policy";
  /** Annotation: static priority for FIFO and RR. */
  public static final String REALTIME_PRIORITY = "edgeplane.dev/realtime-priority";
  /** Annotation: CPU time per period in microseconds. */
  public static final String REALTIME_RUNTIME_MICROS = "edgeplane.dev/realtime-runtime-us";
  /** Annotation: period in microseconds. */
  public static final String REALTIME_PERIOD_MICROS = "edgeplane.dev/realtime-period-us";
  /** Annotation: relative deadline in microseconds (the period when the spec sets none). */
  public static final String REALTIME_DEADLINE_MICROS = "edgeplane.dev/realtime-deadline-us";
  /** Annotation: {@code container} or {@code legacy}. */
  public static final String RUNTIME_KIND = "edgeplane.dev/runtime-kind";
  /** Annotation: {@code true} when the FogService is critical. */
  public static final String CRITICAL = "edgeplane.dev/critical";
  /** Annotation: CPU per replica from {@code spec.requirements.cpu}. */
  public static final String REQUIRED_CPU = "edgeplane.dev/required-cpu";
  /** Annotation: memory per replica from {@code spec.requirements.memory}. */
  public static final String REQUIRED_MEMORY = "edgeplane.dev/required-memory";
  /**
   * Annotation: the FogService's dependencies as comma-separated {@code fogservice:maxRoundTripMicros}
   * pairs, such as {@code db:5000}; absent when it has none.
   */
  public static final String DEPENDENCIES = "edgeplane.dev/dependencies";
  /** Annotation: {@code metadata.generation} of the FogService the pod was made from. */
  public static final String FOGSERVICE_GENERATION = "edgeplane.dev/fogservice-generation";

  private PodMetadataKeys() {
  }
}
