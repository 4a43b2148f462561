package dev.edgeplane.scheduler.api.v1alpha1;

/** Linux scheduling class a replica's real-time threads run under. */
public enum RealtimePolicy {
  /** {@code SCHED_FIFO}: fixed priority, runs until it blocks or yields. */
  FIFO,
  /** {@code SCHED_RR}: fixed priority with round-robin time slices among equal priorities. */
  RR,
  /** {@code SCHED_DEADLINE}: earliest deadline first with a runtime budget per period. */
  DEADLINE,
  /** No real-time class: the default {@code SCHED_OTHER}. */
  NONE
}
