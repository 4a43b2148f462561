package dev.edgeplane.scheduler.schedule.internal;

import io.fabric8.kubernetes.api.model.Pod;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Pending pods waiting for a scheduling cycle, in the manner of the Kubernetes scheduling queue. The
 * active queue orders real-time and critical pods first, then older pods first. A pod no node fits
 * waits in the unschedulable set; a cluster change that may free capacity moves it back once its
 * backoff ({@code initial × 2^(attempts − 1)}, at most the maximum) has passed, and without any
 * change it is tried again after the retry interval.
 *
 * <p>Thread-safe: informer threads add and remove pods, the scheduling thread takes them.
 */
public final class SchedulingQueue {

  /** One pending pod with its scheduling attempts so far. */
  public record Item(PodInfo pod, Pod object, int attempts) {
  }

  private record Waiting(Item item, long backoffUntilMillis, long retryAtMillis, boolean clusterChanged) {
  }

  private static final Comparator<Item> ORDER = Comparator.comparing((Item i) -> !i.pod().urgent())
      .thenComparingLong(i -> i.pod().createdMillis())
      .thenComparing(i -> i.pod().key());

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition ready = lock.newCondition();
  private final PriorityQueue<Item> active = new PriorityQueue<>(ORDER);
  private final Map<String, Item> activeByKey = new HashMap<>();
  private final Map<String, Waiting> unschedulable = new HashMap<>();
  private final Clock clock;
  private final long backoffInitialMillis;
  private final long backoffMaxMillis;
  private final long retryMillis;
  private boolean closed;

  public SchedulingQueue(Clock clock, Duration backoffInitial, Duration backoffMax, Duration retry) {
    this.clock = clock;
    this.backoffInitialMillis = backoffInitial.toMillis();
    this.backoffMaxMillis = backoffMax.toMillis();
    this.retryMillis = retry.toMillis();
  }

  /**
   * Adds a pending pod, or replaces the queued copy of it. A pod waiting as unschedulable stays
   * there with its new spec, since an update of a pending pod rarely makes it fit.
   */
  public void add(PodInfo pod, Pod object) {
    lock.lock();
    try {
      Waiting waiting = unschedulable.get(pod.key());
      if (waiting != null) {
        Item updated = new Item(pod, object, waiting.item().attempts());
        unschedulable.put(pod.key(), new Waiting(updated, waiting.backoffUntilMillis(), waiting.retryAtMillis(),
            waiting.clusterChanged()));
        return;
      }
      Item previous = activeByKey.remove(pod.key());
      if (previous != null) {
        active.remove(previous);
      }
      push(new Item(pod, object, previous == null ? 0 : previous.attempts()));
    } finally {
      lock.unlock();
    }
  }

  /** Removes a pod that was bound or deleted. */
  public void remove(String key) {
    lock.lock();
    try {
      Item item = activeByKey.remove(key);
      if (item != null) {
        active.remove(item);
      }
      unschedulable.remove(key);
    } finally {
      lock.unlock();
    }
  }

  /** Parks a pod that no node fits; it returns after a cluster change and its backoff, or after the retry interval. */
  public void unschedulable(Item item) {
    park(item, false);
  }

  /** Parks a pod whose binding failed; it returns after its backoff alone. */
  public void backoff(Item item) {
    park(item, true);
  }

  private void park(Item item, boolean retryAfterBackoff) {
    lock.lock();
    try {
      if (closed || activeByKey.containsKey(item.pod().key())) {
        return;
      }
      int attempts = item.attempts() + 1;
      long now = clock.millis();
      long delay = Math.min(backoffMaxMillis, backoffInitialMillis << Math.min(attempts - 1, 30));
      long retryAt = retryAfterBackoff ? now + delay : now + Math.max(delay, retryMillis);
      unschedulable.put(item.pod().key(), new Waiting(new Item(item.pod(), item.object(), attempts), now + delay,
          retryAt, false));
      ready.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** Notes that the cluster changed, so every unschedulable pod may fit once its backoff has passed. */
  public void clusterChanged() {
    lock.lock();
    try {
      if (unschedulable.isEmpty()) {
        return;
      }
      unschedulable.replaceAll((key, w) -> new Waiting(w.item(), w.backoffUntilMillis(), w.retryAtMillis(), true));
      ready.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Returns the next pod to schedule, waiting up to {@code timeout}; null on timeout or after
   * {@link #close()}. Blocks.
   */
  public Item poll(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    lock.lock();
    try {
      while (!closed) {
        long nextMove = flush();
        Item item = active.poll();
        if (item != null) {
          activeByKey.remove(item.pod().key());
          return item;
        }
        long remaining = deadline - System.nanoTime();
        if (remaining <= 0) {
          return null;
        }
        long waitNanos = Math.min(remaining, TimeUnit.MILLISECONDS.toNanos(Math.max(1, nextMove - clock.millis())));
        ready.awaitNanos(waitNanos);
      }
      return null;
    } finally {
      lock.unlock();
    }
  }

  /** Returns pods waiting in the active queue and as unschedulable. */
  public int size() {
    lock.lock();
    try {
      return active.size() + unschedulable.size();
    } finally {
      lock.unlock();
    }
  }

  public int unschedulableSize() {
    lock.lock();
    try {
      return unschedulable.size();
    } finally {
      lock.unlock();
    }
  }

  /** Wakes every waiting {@link #poll} and drops all pods. */
  public void close() {
    lock.lock();
    try {
      closed = true;
      active.clear();
      activeByKey.clear();
      unschedulable.clear();
      ready.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** Moves every unschedulable pod that may be tried again; returns when the next one may move. */
  private long flush() {
    long now = clock.millis();
    long next = Long.MAX_VALUE;
    for (Iterator<Waiting> it = unschedulable.values().iterator(); it.hasNext(); ) {
      Waiting waiting = it.next();
      boolean changedAndDone = waiting.clusterChanged() && now >= waiting.backoffUntilMillis();
      if (changedAndDone || now >= waiting.retryAtMillis()) {
        it.remove();
        push(waiting.item());
      } else {
        next = Math.min(next, waiting.clusterChanged() ? waiting.backoffUntilMillis() : waiting.retryAtMillis());
      }
    }
    return next;
  }

  private void push(Item item) {
    active.add(item);
    activeByKey.put(item.pod().key(), item);
    ready.signalAll();
  }
}
