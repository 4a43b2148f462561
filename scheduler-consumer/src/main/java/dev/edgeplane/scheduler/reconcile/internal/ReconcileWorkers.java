package dev.edgeplane.scheduler.reconcile.internal;

import io.fabric8.kubernetes.client.KubernetesClientException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Worker threads that take keys from a {@link WorkQueue} and reconcile them. A reconcile that
 * throws is counted, logged with the key in the MDC and retried with back-off. Only an
 * {@link Error} ends a worker, because the JVM is then in no state to go on.
 */
public final class ReconcileWorkers implements AutoCloseable {

  /** Failures of one key logged at DEBUG before they are logged at WARN. */
  static final int QUIET_FAILURES = 3;

  private static final Logger log = LoggerFactory.getLogger(ReconcileWorkers.class);

  private final String kind;
  private final WorkQueue queue;
  private final Reconciler reconciler;
  private final MeterRegistry registry;
  private final Timer successTimer;
  private final Timer errorTimer;
  private final List<Thread> threads = new ArrayList<>();

  public ReconcileWorkers(String kind, WorkQueue queue, Reconciler reconciler, MeterRegistry registry) {
    this.kind = kind;
    this.queue = queue;
    this.reconciler = reconciler;
    this.registry = registry;
    this.successTimer = reconcileTimer("success");
    this.errorTimer = reconcileTimer("error");
  }

  /** Starts the given number of worker threads; returns at once. */
  public void start(int count) {
    for (int i = 0; i < count; i++) {
      Thread thread = new Thread(this::run, kind.toLowerCase() + "-reconciler-" + i);
      thread.setDaemon(true);
      threads.add(thread);
      thread.start();
    }
  }

  private void run() {
    while (true) {
      Optional<String> key;
      try {
        key = queue.take();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      if (key.isEmpty()) {
        return;
      }
      try {
        process(key.get());
      } finally {
        queue.done(key.get());
      }
    }
  }

  private void process(String key) {
    int slash = key.indexOf('/');
    MDC.put("kind", kind);
    MDC.put("namespace", key.substring(0, slash));
    MDC.put("name", key.substring(slash + 1));
    long start = System.nanoTime();
    try {
      ReconcileResult result = reconciler.reconcile(key);
      successTimer.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
      queue.forget(key);
      result.requeueAfter().ifPresent(delay -> queue.addAfter(key, delay));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      errorTimer.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
      onFailure(key, e);
    } finally {
      MDC.remove("kind");
      MDC.remove("namespace");
      MDC.remove("name");
    }
  }

  private void onFailure(String key, Exception error) {
    String cause = cause(error);
    Counter.builder("edgeplane.scheduler.reconcile.errors")
        .description("Reconciles that failed and were queued again with back-off")
        .tag("kind", kind)
        .tag("cause", cause)
        .register(registry)
        .increment();

    Duration delay = queue.addRateLimited(key);
    int failures = queue.failures(key);
    if (failures <= QUIET_FAILURES) {
      log.debug("Reconcile of {} {} failed ({}, failure {}); retrying in {} ms", kind, key, cause,
          failures, delay.toMillis(), error);
    } else {
      log.warn("Reconcile of {} {} failed ({}, failure {}); retrying in {} ms", kind, key, cause,
          failures, delay.toMillis(), error);
    }
  }

  private static String cause(Exception error) {
    if (error instanceof KubernetesClientException api) {
      return switch (api.getCode()) {
        case 409 -> "conflict";
        case 404 -> "not-found";
        case 0 -> "connection";
        default -> api.getCode() >= 500 ? "server-error" : "client-error";
      };
    }
    return "exception";
  }

  private Timer reconcileTimer(String outcome) {
    return Timer.builder("edgeplane.scheduler.reconcile")
        .description("Duration of one reconcile of one resource")
        .tag("kind", kind)
        .tag("outcome", outcome)
        .register(registry);
  }

  /** Shuts the queue down and waits up to the timeout for the workers to finish their reconcile. */
  public void close(Duration timeout) {
    queue.shutDown();
    long deadline = System.nanoTime() + timeout.toNanos();
    for (Thread thread : threads) {
      try {
        thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  @Override
  public void close() {
    close(Duration.ofSeconds(10));
  }
}
