package dev.edgeplane.scheduler.schedule;

import dev.edgeplane.event.audit.ActionOutcome;
import dev.edgeplane.scheduler.schedule.internal.DecisionAuditor;
import dev.edgeplane.scheduler.schedule.internal.PodBinder;
import dev.edgeplane.scheduler.schedule.internal.PodInfo;
import dev.edgeplane.scheduler.schedule.internal.SchedulingEvents;
import dev.edgeplane.scheduler.schedule.internal.SchedulingQueue;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The active scheduler's threads. One scheduling thread takes pods from the queue and runs the
 * cycle, which assumes the chosen node at once. Binding threads then send the bindings and Events,
 * so the next cycle need not wait for the API. Runs for one leadership term: started when this
 * instance becomes leader and closed when it stops being leader.
 */
final class SchedulingLoop implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(SchedulingLoop.class);
  private static final Duration POLL_TIMEOUT = Duration.ofMillis(200);

  private final SchedulingFramework framework;
  private final SchedulingQueue queue;
  private final PodBinder binder;
  private final SchedulingEvents events;
  private final DecisionAuditor auditor;
  private final KubernetesClient client;
  private final ExecutorService binds;
  private final Thread thread;
  private final Counter bound;
  private final Counter unschedulable;
  private final Counter bindFailures;
  private final Timer podDuration;
  private volatile boolean running = true;

  SchedulingLoop(SchedulingFramework framework, SchedulingQueue queue, KubernetesClient client, SchedulingEvents events,
      DecisionAuditor auditor, int bindThreads, MeterRegistry registry) {
    this.framework = framework;
    this.queue = queue;
    this.client = client;
    this.binder = new PodBinder(client);
    this.events = events;
    this.auditor = auditor;
    AtomicInteger threadNumber = new AtomicInteger();
    this.binds = Executors.newFixedThreadPool(bindThreads, r -> {
      Thread t = new Thread(r, "edgeplane-scheduler-bind-" + threadNumber.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    this.thread = new Thread(this::run, "edgeplane-scheduler-cycle");
    this.bound = decisions(registry, "bound");
    this.unschedulable = decisions(registry, "unschedulable");
    this.bindFailures = decisions(registry, "bind-failed");
    this.podDuration = Timer.builder("edgeplane.scheduler.pod.duration")
        .description("Time from taking a pod off the queue until the API answered its binding")
        .publishPercentiles(0.5, 0.99)
        .register(registry);
  }

  private static Counter decisions(MeterRegistry registry, String outcome) {
    return Counter.builder("edgeplane.scheduler.decisions").description("Scheduling decisions by outcome")
        .tag("outcome", outcome).register(registry);
  }

  void start() {
    thread.start();
  }

  private void run() {
    while (running) {
      try {
        SchedulingQueue.Item item = queue.poll(POLL_TIMEOUT);
        if (item != null) {
          scheduleOne(item);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (RuntimeException e) {
        log.error("Scheduling cycle failed; the loop continues with the next pod", e);
      }
    }
  }

  private void scheduleOne(SchedulingQueue.Item item) {
    PodInfo pod = item.pod();
    if (framework.state().isPlaced(pod.uid())) {
      return;
    }
    long dequeuedNanos = System.nanoTime();
    String decisionId = pod.uid() + "/" + (item.attempts() + 1);
    Prediction prediction = framework.scheduleAndAssume(pod);
    if (prediction.node().isEmpty()) {
      unschedulable.increment();
      queue.unschedulable(item);
      log.info("Pod {} is unschedulable (attempt {}): {}", pod.key(), item.attempts() + 1, prediction.message());
      submit(() -> {
        events.failedScheduling(pod, prediction.message());
        auditor.record(decisionId, pod, prediction, ActionOutcome.SKIPPED, prediction.message(), null);
      }, pod);
      return;
    }
    String node = prediction.node().get();
    submit(() -> {
      bind(item, prediction, node, decisionId);
      podDuration.record(System.nanoTime() - dequeuedNanos, TimeUnit.NANOSECONDS);
    }, pod);
  }

  private void submit(Runnable task, PodInfo pod) {
    try {
      binds.execute(task);
    } catch (RejectedExecutionException e) {
      // Leadership ended while the cycle ran: release the assumption, the next leader schedules the pod.
      framework.state().forget(pod);
    }
  }

  private void bind(SchedulingQueue.Item item, Prediction prediction, String node, String decisionId) {
    PodInfo pod = item.pod();
    PodBinder.Outcome outcome = binder.bind(pod.namespace(), pod.name(), pod.uid(), node);
    if (outcome.bound()) {
      framework.state().confirm(pod);
      bound.increment();
      log.debug("Bound pod {} to node {}", pod.key(), node);
      auditor.record(decisionId, pod, prediction, ActionOutcome.SUCCEEDED, "bound to the best of "
          + prediction.scores().size() + " feasible nodes", node);
      events.scheduled(pod, node);
      return;
    }

    bindFailures.increment();
    framework.state().forget(pod);
    refreshNode(node);
    String next = outcome.settled() ? "the pod is bound elsewhere or gone, so it leaves the queue"
        : "the pod returns to the queue after its backoff";
    if (!outcome.settled()) {
      queue.backoff(item);
    }
    log.warn("Binding pod {} to node {} failed with HTTP {}: {}; {}", pod.key(), node, outcome.code(),
        outcome.message(), next);
    auditor.record(decisionId, pod, prediction, ActionOutcome.FAILED, "binding failed with HTTP " + outcome.code()
        + ": " + outcome.message() + "; " + next, node);
  }

  /** Reads the node again after a failed binding, since the cache may have missed a change to it. */
  private void refreshNode(String name) {
    try {
      Node node = client.nodes().withName(name).get();
      if (node == null) {
        framework.onNodeDeleted(name);
      } else {
        framework.onNode(node);
      }
    } catch (KubernetesClientException e) {
      log.warn("Could not read node {} after a failed binding: HTTP {} {}; the informer will update it", name,
          e.getCode(), e.getMessage());
    }
  }

  /** Stops the scheduling thread and waits up to 10 s for bindings in flight. */
  @Override
  public void close() {
    running = false;
    try {
      thread.join(10_000);
      binds.shutdown();
      if (!binds.awaitTermination(10, TimeUnit.SECONDS)) {
        log.warn("Bindings still in flight after 10 s; stopping them");
        binds.shutdownNow();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      binds.shutdownNow();
    }
  }
}
