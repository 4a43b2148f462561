package dev.edgeplane.scheduler.executor.internal;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * The executor's meters, named {@code edgeplane.scheduler.executor.*}, with low-cardinality tags
 * only: never a pod, node or decision id.
 */
public final class ExecutorMetrics {

  private static final String PREFIX = "edgeplane.scheduler.executor.";

  private final MeterRegistry registry;
  private final Timer loop;
  private final Timer move;

  public ExecutorMetrics(MeterRegistry registry) {
    this.registry = registry;
    this.loop = Timer.builder(PREFIX + "loop")
        .description("Duration of one executor loop: poll, decisions, follow-ups and commit")
        .register(registry);
    this.move = Timer.builder(PREFIX + "move.duration")
        .description("Time from the eviction intent to the final audit record")
        .register(registry);
  }

  /** Registers a gauge of the evictions in flight, read from the executor's state. */
  public void registerInFlight(Supplier<Number> inFlight) {
    io.micrometer.core.instrument.Gauge.builder(PREFIX + "inflight", inFlight)
        .description("Evictions between their intent and their final audit record")
        .register(registry);
  }

  /** Counts a decision by its final outcome and the gate that stopped it, or {@code none}. */
  void decision(String outcome, String gate) {
    Counter.builder(PREFIX + "decisions")
        .description("Decisions by final outcome and stopping gate")
        .tag("outcome", outcome)
        .tag("gate", gate)
        .register(registry).increment();
  }

  /** Counts an eviction request by the API's result. */
  void evictionRequest(EvictionResult.Status status) {
    Counter.builder(PREFIX + "eviction.requests")
        .description("Eviction API requests by result")
        .tag("result", status.name().toLowerCase().replace('_', '-'))
        .register(registry).increment();
  }

  /** Counts a finished move by whether it improved the placement. */
  void move(String placement, Duration duration) {
    Counter.builder(PREFIX + "moves")
        .description("Finished moves by whether the replacement left the old node")
        .tag("placement", placement)
        .register(registry).increment();
    move.record(duration);
  }

  /** Counts a decision record sent to the dead-letter topic. */
  public void deadLettered(String stage) {
    Counter.builder(PREFIX + "deadletters")
        .description("Decision records sent to the dead-letter topic, by failed stage")
        .tag("stage", stage)
        .register(registry).increment();
  }

  /** Counts a loop iteration that failed and will be retried. */
  public void loopFailure(String kind) {
    Counter.builder(PREFIX + "loop.failures")
        .description("Loop iterations that failed and were retried, by kind")
        .tag("kind", kind)
        .register(registry).increment();
  }

  public Timer loopTimer() {
    return loop;
  }
}
