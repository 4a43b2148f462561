package dev.edgeplane.ingest.simulate;

import java.util.concurrent.CountDownLatch;
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
 * <p>{@link #run} blocks the calling thread, the only one that touches the simulator and the sink;
 * {@link #stop} may be called from any thread. The caller owns and closes the sink.
 */
public final class SimulationRunner {

  private static final Logger log = LoggerFactory.getLogger(SimulationRunner.class);
  private static final long PROGRESS_EVERY_MS = 10_000;

  private final CitySimulator simulator;
  private final TelemetrySink sink;
  private final boolean virtualClock;
  private final double speedup;
  private final LongSupplier wallClockMs;
  private final CountDownLatch stopRequested = new CountDownLatch(1);

  /**
   * @param speedup     simulated ms per wall-clock ms with the virtual clock; 0 is as fast as possible
   * @param wallClockMs the wall clock, in ms
   */
  public SimulationRunner(CitySimulator simulator, TelemetrySink sink, boolean virtualClock, double speedup,
      LongSupplier wallClockMs) {
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
    long ticks = simulator.tickCount();
    long wallStart = wallClockMs.getAsLong();
    long nextProgress = wallStart + PROGRESS_EVERY_MS;
    log.info("Simulating {} nodes and {} replicas from {} every {} ms, {} clock{}", simulator.city().size(),
        simulator.replicas().size(), java.time.Instant.ofEpochMilli(simulator.startEpochMs()), simulator.intervalMs(),
        virtualClock ? "virtual" : "real", simulator.durationMs() == 0 ? ", until stopped"
            : ", for " + simulator.durationMs() + " ms of simulated time");
    long tick = 0;
    for (; tick < ticks; tick++) {
      boolean paced = !virtualClock || speedup > 0;
      long wait = paced ? dueWallMs(wallStart, tick) - wallClockMs.getAsLong() : 0;
      if (wait > 0 && stopRequested.await(wait, TimeUnit.MILLISECONDS)) {
        break;
      }
      if (stopRequested.getCount() == 0) {
        break;
      }
      simulator.emitTick(tick, sink);
      if (sink instanceof KafkaTelemetrySink kafka) {
        kafka.throwIfFailed();
      }
      long now = wallClockMs.getAsLong();
      if (now >= nextProgress) {
        log.info("Simulated {} ticks, up to {} ms after the start", tick + 1, tick * simulator.intervalMs());
        nextProgress = now + PROGRESS_EVERY_MS;
      }
    }
    log.info("Simulation stopped after {} ticks", tick);
    return tick;
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
