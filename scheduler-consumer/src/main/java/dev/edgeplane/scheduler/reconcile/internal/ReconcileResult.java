package dev.edgeplane.scheduler.reconcile.internal;

import java.time.Duration;
import java.util.Optional;

/** Outcome of a successful reconcile: done, or look again after a delay. */
public record ReconcileResult(Optional<Duration> requeueAfter) {

  public static final ReconcileResult DONE = new ReconcileResult(Optional.empty());

  public static ReconcileResult requeueAfter(Duration delay) {
    return new ReconcileResult(Optional.of(delay));
  }
}
