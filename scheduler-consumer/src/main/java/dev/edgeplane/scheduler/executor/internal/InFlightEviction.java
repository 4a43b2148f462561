package dev.edgeplane.scheduler.executor.internal;

import java.time.Instant;

/**
 * One eviction between its intent and its final audit record. Mutable, owned by the executor
 * thread.
 */
final class InFlightEviction {

  /** Progress of an eviction. */
  enum Phase {
    /** The pod still runs; the eviction request is due at {@link #nextCheck}. */
    EVICTING,
    /** The pod is gone; the executor looks for its replacement at {@link #nextCheck}. */
    AWAITING_REPLACEMENT
  }

  final EvictionIntent intent;
  Phase phase = Phase.EVICTING;
  int attempts;
  Instant firstAttempt;
  Instant nextCheck;
  Instant deadline;
  Instant evictedTime;
  String replacementUid;

  InFlightEviction(EvictionIntent intent, Instant now) {
    this.intent = intent;
    this.nextCheck = now;
  }

  String decisionId() {
    return intent.decisionId();
  }
}
