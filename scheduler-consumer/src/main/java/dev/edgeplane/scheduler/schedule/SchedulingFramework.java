package dev.edgeplane.scheduler.schedule;

import dev.edgeplane.event.state.NodeHealth;
import dev.edgeplane.event.telemetry.LinkLatency;
import dev.edgeplane.scheduler.schedule.internal.ClusterState;
import dev.edgeplane.scheduler.schedule.internal.CycleContext;
import dev.edgeplane.scheduler.schedule.internal.LatencyFallback;
import dev.edgeplane.scheduler.schedule.internal.NetworkView;
import dev.edgeplane.scheduler.schedule.internal.PodInfo;
import dev.edgeplane.scheduler.schedule.internal.SchedulingCycle;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.util.concurrent.locks.Lock;

/**
 * The scheduler's filter and score plugins over its cache of nodes, placed pods and the network
 * view. {@link EdgeplaneScheduler} feeds it from informers and Kafka, and benchmarks and tests feed
 * it directly. The rescheduling executor calls {@link #predict} to learn where a pod would go now.
 *
 * <p>Thread-safe. {@link #predict} and {@link #scheduleAndAssume} hold a read lock for the cycle;
 * the {@code on…} methods and the assume step take the write lock briefly. No call blocks on I/O.
 */
public final class SchedulingFramework {

  private final ClusterState state;
  private final NetworkView view;
  private final SchedulingCycle cycle;
  private final LatencyFallback fallback;
  private final Timer cycleTimer;

  /** Creates a framework with the configured plugins and an empty cache. */
  public SchedulingFramework(SchedulerConfig config, MeterRegistry registry, Clock clock) {
    this(config, registry, clock, () -> { });
  }

  SchedulingFramework(SchedulerConfig config, MeterRegistry registry, Clock clock, Runnable onCapacityChange) {
    this.state = new ClusterState(onCapacityChange);
    this.view = new NetworkView(clock, config.viewMaxAgeMillis(), registry);
    this.cycle = new SchedulingCycle(config.filterPlugins(), config.scoreWeights());
    this.fallback = new LatencyFallback(config.fallbackRttSameLocationMicros(), config.fallbackRttOtherLocationMicros());
    this.cycleTimer = Timer.builder("edgeplane.scheduler.cycle.duration")
        .description("Time of one scheduling cycle: filter, score and assume for one pod")
        .register(registry);
  }

  /** Adds or updates a node. */
  public void onNode(Node node) {
    state.upsertNode(node);
  }

  public void onNodeDeleted(String name) {
    state.removeNode(name);
  }

  /**
   * Records a pod as the API reports it: a bound pod counts on its node, and confirms the
   * assumption of the same pod.
   *
   * @throws IllegalArgumentException when an Edgeplane annotation of the pod is invalid
   */
  public void onPod(Pod pod) {
    state.observePod(PodInfo.of(pod));
  }

  public void onPodDeleted(Pod pod) {
    state.removePod(pod.getMetadata().getUid());
  }

  /**
   * Records a node's health state.
   *
   * @param receivedMillis when the state was produced, such as its Kafka record timestamp, in
   *     milliseconds since the epoch; the state counts as missing once older than the maximum age
   */
  public void onNodeHealth(NodeHealth health, long receivedMillis) {
    view.onNodeHealth(health, receivedMillis);
  }

  /** Records a probe burst; it counts as missing once its receive time is older than the maximum age. */
  public void onLinkLatency(LinkLatency latency) {
    view.onLinkLatency(latency);
  }

  /**
   * Returns where the pod would go now, without assuming or binding anything. Every node is a
   * candidate, the pod's current node included. A pod already counted on a node is evaluated as if
   * its own requests were not there, so that its current node compares fairly with the others.
   *
   * @throws IllegalArgumentException when an Edgeplane annotation of the pod is invalid
   */
  public Prediction predict(Pod pod) {
    return predict(PodInfo.of(pod));
  }

  Prediction predict(PodInfo pod) {
    view.checkFreshness();
    Lock lock = state.readLock();
    lock.lock();
    try {
      CycleContext context = new CycleContext(pod, state, view, fallback);
      Prediction prediction = cycle.run(context);
      prediction.fallbacks().forEach(view::countFallback);
      return prediction;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Picks the best node for a pending pod and counts the pod on it until {@link #confirm} or
   * {@link #forget}. When a concurrent decision took the capacity between the choice and the
   * assumption, the cycle runs again on the updated cache. Returns the prediction of the cycle that
   * assumed the pod, or an infeasible one.
   *
   * @throws IllegalStateException when the pod is already counted on a node
   */
  public Prediction scheduleAndAssume(Pod pod) {
    return scheduleAndAssume(PodInfo.of(pod));
  }

  Prediction scheduleAndAssume(PodInfo pod) {
    long started = System.nanoTime();
    try {
      if (state.isPlaced(pod.uid())) {
        throw new IllegalStateException("pod " + pod.key() + " is already placed; it needs no scheduling");
      }
      while (true) {
        Prediction prediction = predict(pod);
        if (prediction.node().isEmpty() || state.assume(pod, prediction.node().get()) == null) {
          return prediction;
        }
      }
    } finally {
      cycleTimer.record(System.nanoTime() - started, java.util.concurrent.TimeUnit.NANOSECONDS);
    }
  }

  /** Marks the assumed pod as bound after the API accepted its binding. */
  public void confirm(Pod pod) {
    state.confirm(PodInfo.of(pod));
  }

  /** Stops counting the assumed pod after its binding failed. */
  public void forget(Pod pod) {
    state.forget(PodInfo.of(pod));
  }

  /** Returns the cache; for the scheduler of this package and for tests. */
  ClusterState state() {
    return state;
  }

  NetworkView view() {
    return view;
  }
}
