package dev.edgeplane.ingest.simulate;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drives a {@link CitySimulator} tick by tick. With the real clock, tick k is emitted when the wall
 * clock reaches k intervals after the start of {@link #run}. With the virtual clock, simulated time
 * runs {@code speedup} times faster than the wall clock, or as fast as the sink accepts events when
 * the speedup is 0; the events are the same either way.
 *
 * <p>{@link #run} blocks the calling thread. With one thread, only that thread touches the simulator
 * and the sink. With more, a pool that the runner owns emits disjoint node ranges of each tick, and
 * a tick completes before the next starts. {@link #stop} may be called from any thread. The caller owns and closes
 * the sink.
 */
public final class SimulationRunner {

  private static final Logger log = LoggerFactory.getLogger(SimulationRunner.class);
  private static final long PROGRESS_EVERY_MS = 10_000;

  private final CitySimulator simulator;
  private final TelemetrySink sink;
  private final boolean virtualClock;
  private final double speedup;
  private final LongSupplier wallClockMs;
  private final int threads;
  private final CountDownLatch stopRequested = new CountDownLatch(1);

  /**
   * @param speedup     simulated ms per wall-clock ms with the virtual clock; 0 is as fast as possible
   * @param wallClockMs the wall clock, in ms
   */
  public SimulationRunner(CitySimulator simulator, TelemetrySink sink, boolean virtualClock, double speedup,
      LongSupplier wallClockMs) {
    this(simulator, sink, virtualClock, speedup, wallClockMs, 1);
  }

  /**
   * @param threads threads that emit each tick, each a contiguous range of nodes; above 1 the sink
   *                must be thread-safe, as {@link KafkaTelemetrySink} is
   */
  public SimulationRunner(CitySimulator simulator, TelemetrySink sink, boolean virtualClock, double speedup,
      LongSupplier wallClockMs, int threads) {
    if (threads < 1) {
      throw new IllegalArgumentException("threads is " + threads + ": give at least 1");
    }
    this.threads = threads;
    if (speedup < 0) {
      throw new IllegalArgumentException("speedup is " + speedup + ": give 0 (as fast as possible) or more");
    }
    this.simulator = simulator;
    this.sink = sink;
    this.virtualClock = virtualClock;
    this.speedup = speedup;
    this.wallClockMs = wallClockMs;
  }

  /**
   * Emits ticks until the run's duration is covered or {@link #stop} is called. Blocks.
   *
   * @return the ticks emitted
   * @throws InterruptedException if the thread is interrupted while waiting for the next tick
   * @throws IllegalStateException if the sink is a {@link KafkaTelemetrySink} and a record failed
   */
  public long run() throws InterruptedException {
    return run(0, simulator.tickCount());
  }

  /**
   * Emits ticks {@code fromTick} (inclusive) to {@code toTick} (exclusive), paced from the start of
   * this call, until done or {@link #stop} is called. Blocks.
   *
   * @return the ticks emitted
   * @throws InterruptedException if the thread is interrupted while waiting for the next tick
   * @throws IllegalStateException if the sink is a {@link KafkaTelemetrySink} and a record failed
   */
  public long run(long fromTick, long toTick) throws InterruptedException {
    log.info("Simulating {} nodes and {} replicas from {} every {} ms on {} threads, {} clock{}", simulator.city().size(),
        simulator.replicas().size(), java.time.Instant.ofEpochMilli(simulator.startEpochMs()), simulator.intervalMs(),
        threads, virtualClock ? "virtual" : "real", simulator.durationMs() == 0 ? ", until stopped"
            : ", for " + simulator.durationMs() + " ms of simulated time");
    ExecutorService pool = threads > 1 ? Executors.newFixedThreadPool(threads - 1, runnable -> {
      Thread thread = new Thread(runnable, "edgeplane-simulate-emit");
      thread.setDaemon(true);
      return thread;
    }) : null;
    try {
      long emitted = runTicks(fromTick, toTick, pool);
      log.info("Simulation stopped after {} ticks", emitted);
      return emitted;
    } finally {
      if (pool != null) {
        pool.shutdownNow();
      }
    }
  }

  private long runTicks(long fromTick, long toTick, ExecutorService pool) throws InterruptedException {
    long wallStart = wallClockMs.getAsLong();
    long nextProgress = wallStart + PROGRESS_EVERY_MS;
    boolean paced = !virtualClock || speedup > 0;
    long tick = fromTick;
    for (; tick < toTick; tick++) {
      long wait = paced ? dueWallMs(wallStart, tick - fromTick) - wallClockMs.getAsLong() : 0;
      if (wait > 0 && stopRequested.await(wait, TimeUnit.MILLISECONDS)) {
        break;
      }
      if (stopRequested.getCount() == 0) {
        break;
      }
      emit(tick, pool);
      if (sink instanceof KafkaTelemetrySink kafka) {
        kafka.throwIfFailed();
      }
      long now = wallClockMs.getAsLong();
      if (now >= nextProgress) {
        log.info("Simulated {} ticks, up to {} ms after the start", tick + 1, tick * simulator.intervalMs());
        nextProgress = now + PROGRESS_EVERY_MS;
      }
    }
    return tick - fromTick;
  }

  /** Emits one tick: on this thread alone, or split into node ranges with all but the last on the pool. */
  private void emit(long tick, ExecutorService pool) throws InterruptedException {
    if (pool == null) {
      simulator.emitTick(tick, sink);
      return;
    }
    int nodes = simulator.city().size();
    List<Future<?>> parts = new ArrayList<>(threads - 1);
    for (int part = 0; part < threads - 1; part++) {
      int from = nodes * part / threads;
      int to = nodes * (part + 1) / threads;
      parts.add(pool.submit(() -> simulator.emitTick(tick, from, to, sink)));
    }
    simulator.emitTick(tick, nodes * (threads - 1) / threads, nodes, sink);
    for (Future<?> part : parts) {
      try {
        part.get();
      } catch (ExecutionException e) {
        Throwable cause = e.getCause();
        throw cause instanceof RuntimeException runtime ? runtime : new IllegalStateException(cause);
      }
    }
  }

  /** Returns when a paced run emits tick {@code tick}, by the wall clock. */
  private long dueWallMs(long wallStart, long tick) {
    long simulatedMs = tick * simulator.intervalMs();
    return virtualClock ? wallStart + (long) (simulatedMs / speedup) : wallStart + simulatedMs;
  }

  /** Asks {@link #run} to return before its next tick. Returns at once; callable from any thread. */
  public void stop() {
    stopRequested.countDown();
  }
}
