package dev.edgeplane.scheduler.reconcile.internal;

import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A queue of resource keys ({@code namespace/name}) that hands each key to at most one worker at a
 * time, in the manner of client-go's work queue:
 *
 * <ul>
 *   <li>a key added while it waits is queued once;</li>
 *   <li>a key added while a worker processes it is queued again when the worker calls
 *       {@link #done}, so no change is lost and no two workers reconcile one resource at once;</li>
 *   <li>{@link #addRateLimited} delays a failed key by {@code initial × 2^(failures-1)}, capped at the
 *       maximum, until {@link #forget} resets its count.</li>
 * </ul>
 *
 * <p>Thread-safe. Delayed adds run on one daemon timer thread owned by the queue; {@link #shutDown}
 * stops it and wakes every worker blocked in {@link #take}.
 */
public final class WorkQueue implements AutoCloseable {

  private final Duration initialBackoff;
  private final Duration maxBackoff;
  private final Object lock = new Object();
  private final Set<String> queued = new LinkedHashSet<>();
  private final Set<String> processing = new HashSet<>();
  private final Set<String> dirty = new HashSet<>();
  private final Map<String, Integer> failures = new HashMap<>();
  private final ScheduledExecutorService timer;
  private boolean shutDown;

  public WorkQueue(Duration initialBackoff, Duration maxBackoff) {
    this.initialBackoff = initialBackoff;
    this.maxBackoff = maxBackoff;
    this.timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
      Thread thread = new Thread(runnable, "fogservice-queue-timer");
      thread.setDaemon(true);
      return thread;
    });
  }

  /** Queues the key unless it is already queued; returns without waiting for a worker. */
  public void add(String key) {
    synchronized (lock) {
      if (shutDown) {
        return;
      }
      if (processing.contains(key)) {
        dirty.add(key);
      } else if (queued.add(key)) {
        lock.notify();
      }
    }
  }

  /** Queues the key after the delay on the timer thread; returns at once. */
  public void addAfter(String key, Duration delay) {
    synchronized (lock) {
      if (shutDown) {
        return;
      }
    }
    timer.schedule(() -> add(key), delay.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Queues the key after its back-off and returns that back-off. */
  public Duration addRateLimited(String key) {
    int count;
    synchronized (lock) {
      count = failures.merge(key, 1, Integer::sum);
    }
    Duration delay = backoff(count);
    addAfter(key, delay);
    return delay;
  }

  /** Returns how often the key failed since the last {@link #forget}. */
  public int failures(String key) {
    synchronized (lock) {
      return failures.getOrDefault(key, 0);
    }
  }

  /** Resets the key's failure count after a successful reconcile. */
  public void forget(String key) {
    synchronized (lock) {
      failures.remove(key);
    }
  }

  /**
   * Takes the next key and marks it processing; blocks until one is queued. Returns empty once the
   * queue is shut down. The caller must call {@link #done} with the key.
   */
  public Optional<String> take() throws InterruptedException {
    synchronized (lock) {
      while (queued.isEmpty() && !shutDown) {
        lock.wait();
      }
      if (shutDown) {
        return Optional.empty();
      }
      Iterator<String> first = queued.iterator();
      String key = first.next();
      first.remove();
      processing.add(key);
      return Optional.of(key);
    }
  }

  /** Ends processing of the key and queues it again if it was added meanwhile. */
  public void done(String key) {
    synchronized (lock) {
      processing.remove(key);
      if (dirty.remove(key) && !shutDown && queued.add(key)) {
        lock.notify();
      }
    }
  }

  /** Returns the number of keys waiting, not counting those in process or delayed. */
  public int size() {
    synchronized (lock) {
      return queued.size();
    }
  }

  /** Stops accepting keys, drops waiting ones and wakes blocked workers; returns at once. */
  public void shutDown() {
    synchronized (lock) {
      shutDown = true;
      queued.clear();
      lock.notifyAll();
    }
    timer.shutdownNow();
  }

  @Override
  public void close() {
    shutDown();
  }

  Duration backoff(int failureCount) {
    int exponent = Math.min(failureCount - 1, 30);
    long millis = initialBackoff.toMillis() * (1L << exponent);
    return millis >= maxBackoff.toMillis() || millis < 0 ? maxBackoff : Duration.ofMillis(millis);
  }
}
