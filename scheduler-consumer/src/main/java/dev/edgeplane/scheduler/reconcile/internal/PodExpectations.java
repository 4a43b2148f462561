package dev.edgeplane.scheduler.reconcile.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Pod creations and deletions the controller made but the pod informer has not shown yet, per
 * FogService key. Without them a reconcile that runs before the informer catches up would see too
 * few or too many pods and create or delete again, as the ReplicaSet controller's expectations
 * prevent.
 *
 * <p>An entry ends when the informer shows the change, or after the timeout, in case a watch event
 * was lost; the informer's next relist then corrects the view. Thread-safe: the reconcile workers
 * add entries and the informer thread removes them.
 */
public final class PodExpectations {

  /** A pod created at a location and not yet seen by the informer. */
  public record PendingCreate(String location, Instant since) {
  }

  private final Duration timeout;
  private final Clock clock;
  private final Map<String, Map<String, PendingCreate>> creates = new ConcurrentHashMap<>();
  private final Map<String, Map<String, Instant>> deletes = new ConcurrentHashMap<>();

  public PodExpectations(Duration timeout, Clock clock) {
    this.timeout = timeout;
    this.clock = clock;
  }

  public void expectCreate(String key, String podName, String location) {
    creates.computeIfAbsent(key, k -> new ConcurrentHashMap<>())
        .put(podName, new PendingCreate(location, clock.instant()));
  }

  public void expectDelete(String key, String podName) {
    deletes.computeIfAbsent(key, k -> new ConcurrentHashMap<>()).put(podName, clock.instant());
  }

  /** Drops the expectation after the API call for it failed. */
  public void cancelCreate(String key, String podName) {
    Map<String, PendingCreate> pending = creates.get(key);
    if (pending != null) {
      pending.remove(podName);
    }
  }

  public void cancelDelete(String key, String podName) {
    Map<String, Instant> pending = deletes.get(key);
    if (pending != null) {
      pending.remove(podName);
    }
  }

  /** Records that the informer shows the pod. */
  public void observedCreate(String key, String podName) {
    cancelCreate(key, podName);
  }

  /** Records that the informer shows the pod gone. */
  public void observedDelete(String key, String podName) {
    cancelDelete(key, podName);
  }

  /** Returns the creations still pending for the key, dropping those past the timeout. */
  public Map<String, PendingCreate> pendingCreates(String key) {
    Map<String, PendingCreate> pending = creates.get(key);
    if (pending == null) {
      return Map.of();
    }
    Instant expiry = clock.instant().minus(timeout);
    pending.values().removeIf(create -> create.since().isBefore(expiry));
    return Map.copyOf(pending);
  }

  /** Returns whether a deletion of the pod is still pending, dropping it once past the timeout. */
  public boolean isDeletePending(String key, String podName) {
    Map<String, Instant> pending = deletes.get(key);
    if (pending == null) {
      return false;
    }
    Instant since = pending.get(podName);
    if (since == null) {
      return false;
    }
    if (since.isBefore(clock.instant().minus(timeout))) {
      pending.remove(podName);
      return false;
    }
    return true;
  }

  /** Forgets everything about the key, after its FogService is gone. */
  public void clear(String key) {
    creates.remove(key);
    deletes.remove(key);
  }
}
