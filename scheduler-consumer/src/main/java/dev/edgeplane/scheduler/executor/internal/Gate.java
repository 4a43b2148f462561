package dev.edgeplane.scheduler.executor.internal;

/**
 * A safety check that may hold a decision back, in the order the executor applies them. The tag
 * is the value of the {@code gate} metric tag and of the {@code gate} detail in the audit record.
 */
public enum Gate {
  /** The decision is for a namespace the executor does not act in. */
  NAMESPACE("namespace"),
  /** The pod is gone, has another uid, or left the node the decision names. */
  STALE_DECISION("stale-decision"),
  /** Another decision is evicting the same pod. */
  POD_EVICTION_IN_FLIGHT("pod-eviction-in-flight"),
  /** The scheduler plugins find no feasible node for the pod. */
  NO_FEASIBLE_TARGET("no-feasible-target"),
  /** The best feasible node is the node the pod runs on. */
  TARGET_IS_CURRENT_NODE("target-is-current-node"),
  /** The FogService is missing, has no status yet, or would drop below its minimum ready replicas. */
  MIN_READY_REPLICAS("min-ready-replicas"),
  /** The FogService already has the maximum number of evictions in flight. */
  FOGSERVICE_EVICTION_LIMIT("fogservice-eviction-limit"),
  /** The pod's location already has the maximum number of evictions in flight. */
  LOCATION_EVICTION_LIMIT("location-eviction-limit"),
  /** The pod was moved recently and waits out its cooldown. */
  COOLDOWN("cooldown"),
  /** Dry-run mode is on. */
  DRY_RUN("dry-run");

  private final String tag;

  Gate(String tag) {
    this.tag = tag;
  }

  public String tag() {
    return tag;
  }
}
