package dev.edgeplane.scheduler.schedule.internal;

import dev.edgeplane.event.state.NodeHealth;
import dev.edgeplane.event.state.NodeHealthState;
import dev.edgeplane.event.telemetry.LinkLatency;
import dev.edgeplane.event.telemetry.ProbeKind;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The scheduler's local view of node health ({@code edgeplane.state.node-health}) and node-to-node
 * round-trip times ({@code edgeplane.telemetry.link-latency}). Freshness is judged by receive time:
 * the gateway's for link latency, the Kafka record timestamp for node health. A sample older than
 * the maximum age counts as missing. A whole view counts as stale when its newest record is older
 * than that; plugins then apply their declared fallback and call {@link #countFallback}, and
 * {@link #checkFreshness} logs each change between fresh and stale once.
 *
 * <p>Thread-safe: one consumer thread writes, scheduling cycles read.
 */
public final class NetworkView {

  private static final Logger log = LoggerFactory.getLogger(NetworkView.class);

  /** A round-trip time in microseconds, {@code +Infinity} when no probe was answered. */
  private record Sample(double rttMicros, long receivedMillis) {
  }

  private record HealthSample(NodeHealthState state, long receivedMillis) {
  }

  private final Clock clock;
  private final long maxAgeMillis;
  private final MeterRegistry registry;
  private final Map<String, HealthSample> health = new ConcurrentHashMap<>();
  private final Map<String, Map<String, Sample>> links = new ConcurrentHashMap<>();
  private final Map<String, Counter> fallbacks = new ConcurrentHashMap<>();
  private volatile long newestHealthMillis = Long.MIN_VALUE;
  private volatile long newestLatencyMillis = Long.MIN_VALUE;
  private final AtomicBoolean healthStale = new AtomicBoolean(false);
  private final AtomicBoolean latencyStale = new AtomicBoolean(false);

  public NetworkView(Clock clock, long maxAgeMillis, MeterRegistry registry) {
    this.clock = clock;
    this.maxAgeMillis = maxAgeMillis;
    this.registry = registry;
    Gauge.builder("edgeplane.scheduler.view.stale", healthStale, b -> b.get() ? 1 : 0)
        .description("1 while the local view is older than view.max.age.ms, so plugins use their fallback")
        .tag("view", "node-health").register(registry);
    Gauge.builder("edgeplane.scheduler.view.stale", latencyStale, b -> b.get() ? 1 : 0)
        .description("1 while the local view is older than view.max.age.ms, so plugins use their fallback")
        .tag("view", "link-latency").register(registry);
  }

  /**
   * Records a node's health state. NodeHealth carries no receive time, so the caller passes the
   * Kafka record timestamp, which a replayed compacted topic keeps, rather than the time of reading.
   */
  public void onNodeHealth(NodeHealth record, long receivedMillis) {
    health.put(record.getNode(), new HealthSample(record.getState(), receivedMillis));
    newestHealthMillis = Math.max(newestHealthMillis, receivedMillis);
  }

  /**
   * Records a node-to-node probe burst in both directions, aged by its receive time; control-to-node
   * probes are ignored.
   */
  public void onLinkLatency(LinkLatency record) {
    if (record.getProbeKind() != ProbeKind.NODE_TO_NODE) {
      return;
    }
    long received = record.getReceiveTime().toEpochMilli();
    double rtt = record.getRttMicros() == null ? Double.POSITIVE_INFINITY : record.getRttMicros();
    Sample sample = new Sample(rtt, received);
    links.computeIfAbsent(record.getSourceNode(), n -> new ConcurrentHashMap<>()).put(record.getTargetNode(), sample);
    links.computeIfAbsent(record.getTargetNode(), n -> new ConcurrentHashMap<>()).put(record.getSourceNode(), sample);
    newestLatencyMillis = Math.max(newestLatencyMillis, received);
  }

  /** Updates the stale flags and logs a change; called once per scheduling cycle. */
  public void checkFreshness() {
    long now = clock.millis();
    logChange(healthStale, now - newestHealthMillis > maxAgeMillis, "node health", newestHealthMillis, now);
    logChange(latencyStale, now - newestLatencyMillis > maxAgeMillis, "link latency", newestLatencyMillis, now);
  }

  public boolean healthStale() {
    return healthStale.get();
  }

  public boolean latencyStale() {
    return latencyStale.get();
  }

  /** Returns the node's health, or null when no fresh state is known. */
  public NodeHealthState health(String node) {
    HealthSample sample = health.get(node);
    if (sample == null || clock.millis() - sample.receivedMillis() > maxAgeMillis) {
      return null;
    }
    return sample.state();
  }

  /** Returns the round-trip time between two nodes in microseconds, or NaN when no fresh sample exists. */
  public double rttMicros(String a, String b) {
    Map<String, Sample> neighbors = links.get(a);
    Sample sample = neighbors == null ? null : neighbors.get(b);
    if (sample == null || clock.millis() - sample.receivedMillis() > maxAgeMillis) {
      return Double.NaN;
    }
    return sample.rttMicros();
  }

  /** Calls {@code action} with each node that has a fresh sample to {@code node}, and its round-trip time. */
  public void forEachNeighbor(String node, BiConsumer<String, Double> action) {
    Map<String, Sample> neighbors = links.get(node);
    if (neighbors == null) {
      return;
    }
    long oldest = clock.millis() - maxAgeMillis;
    neighbors.forEach((other, sample) -> {
      if (sample.receivedMillis() >= oldest) {
        action.accept(other, sample.rttMicros());
      }
    });
  }

  /** Counts one use of a plugin's fallback. */
  public void countFallback(String plugin) {
    fallbacks.computeIfAbsent(plugin, p -> Counter.builder("edgeplane.scheduler.view.fallbacks")
        .description("Decisions where a plugin used its declared fallback because the view was stale or missing")
        .tag("plugin", p).register(registry)).increment();
  }

  private void logChange(AtomicBoolean flag, boolean stale, String view, long newest, long now) {
    if (flag.getAndSet(stale) == stale) {
      return;
    }
    if (stale) {
      String age = newest == Long.MIN_VALUE ? "no record received yet" : "newest record " + (now - newest) + " ms old";
      log.warn("The {} view is stale ({}, view.max.age.ms is {}); plugins use their declared fallback until "
          + "records arrive", view, age, maxAgeMillis);
    } else {
      log.info("The {} view is fresh again; plugins use it instead of their fallback", view);
    }
  }
}
