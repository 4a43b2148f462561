package dev.edgeplane.ingest.simulate.internal;

import dev.edgeplane.event.telemetry.LinkLatency;
import dev.edgeplane.event.telemetry.NodeMetrics;
import dev.edgeplane.event.telemetry.ProbeKind;
import dev.edgeplane.event.telemetry.ProbeProtocol;
import dev.edgeplane.event.telemetry.ReplicaMetrics;
import dev.edgeplane.event.telemetry.SourceKind;
import dev.edgeplane.event.telemetry.TelemetrySource;
import dev.edgeplane.ingest.simulate.CityNode;
import dev.edgeplane.ingest.simulate.CityTopology;
import dev.edgeplane.ingest.simulate.LinkSample;
import dev.edgeplane.ingest.simulate.TelemetrySink;
import dev.edgeplane.ingest.simulate.replay.TraceReplay;
import dev.edgeplane.ingest.simulate.scenario.Fault;
import dev.edgeplane.ingest.simulate.scenario.FaultKind;
import dev.edgeplane.ingest.simulate.scenario.ReplicaPlacement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * Turns the city, the scenario and the optional traces into the telemetry of one tick.
 *
 * <p>Model, per node and tick: CPU share = daily activity × a per-node factor in [0.6, 1.4] plus
 * Gaussian noise (σ 0.03), clamped to [0.01, 0.98], or the replayed PlanetLab share; memory share
 * = 0.35 + 0.25 × CPU share. A probe burst over a link measures the topology's round-trip estimate,
 * plus 2 ms of radio access on a link to an edge node, × (1 + 0.3 × activity), with log-normal
 * noise (σ 0.1). Replayed ping or Seattle samples take the place of that estimate. A replica's median response
 * time is its service time / (1 − 0.8 × CPU share), its p95 and p99 about 2 and 3 times that, and
 * its request rate follows the daily activity. Faults then override the numbers, and an event is
 * stamped with the emitting node's clock, which a clock fault moves ahead.
 *
 * <p>Each node is probed from up to three vantage points: the control node (control-to-node), the
 * node's uplink, and a peer of the same tier and district (node-to-node); a peer or uplink that is
 * the control node probes once, as control-to-node. Several threads may emit
 * disjoint node ranges of one tick at once, see {@link #emit}; anything else is for one thread.
 */
public final class TelemetryModel {

  /** Probes per burst. */
  public static final int PROBES_PER_BURST = 5;
  /** System pods every node runs besides the placed replicas: the agent and kube-proxy. */
  static final int SYSTEM_PODS = 2;
  private static final double RADIO_ACCESS_MICROS = 2_000;
  private static final long MEBIBYTE = 1L << 20;

  private static final int STREAM_NODE_FACTOR = 1;
  private static final int STREAM_CPU = 2;
  private static final int STREAM_LINK = 3;
  private static final int STREAM_JITTER = 4;
  private static final int STREAM_LOSS = 5;
  private static final int STREAM_REPLICA = 6;

  private final CityTopology city;
  private final List<CityNode> nodes;
  private final Map<String, Integer> indexByName = new HashMap<>();
  private final int[] edgeIndex;
  private final int[] uplink;
  private final int[] peer;
  private final int control;
  private final TelemetrySource[] sources;
  /** Event ids each node reserves per tick: its metrics, its replicas, the probes it sends. */
  private final int[] slotsPerTick;
  private final int[] controlSlot;
  private final int[] uplinkSlot;
  private final int[] peerSlot;
  private final List<List<ReplicaPlacement>> replicasByNode;
  private final List<Fault> faults;
  private final TraceReplay replay;
  private final Noise noise;
  private final long startEpochMs;
  private final long intervalMs;

  public TelemetryModel(CityTopology city, List<ReplicaPlacement> replicas, List<Fault> faults, TraceReplay replay,
      long seed, long startEpochMs, long intervalMs) {
    this.city = city;
    this.nodes = city.nodes();
    this.faults = List.copyOf(faults);
    this.replay = replay;
    this.noise = new Noise(seed);
    this.startEpochMs = startEpochMs;
    this.intervalMs = intervalMs;
    int count = nodes.size();
    this.edgeIndex = new int[count];
    this.uplink = new int[count];
    this.peer = new int[count];
    this.sources = new TelemetrySource[count];
    this.slotsPerTick = new int[count];
    this.controlSlot = new int[count];
    this.uplinkSlot = new int[count];
    this.peerSlot = new int[count];
    this.replicasByNode = new ArrayList<>(count);
    int edges = 0;
    for (int i = 0; i < count; i++) {
      CityNode node = nodes.get(i);
      indexByName.put(node.name(), i);
      edgeIndex[i] = node.tier() == CityNode.Tier.EDGE ? edges++ : -1;
      sources[i] = new TelemetrySource(SourceKind.SIMULATOR, "sim-" + node.name());
      replicasByNode.add(new ArrayList<>());
    }
    this.control = indexByName.get(city.controlNode().name());
    for (int i = 0; i < count; i++) {
      uplink[i] = city.uplink(nodes.get(i)).map(node -> indexByName.get(node.name())).orElse(-1);
    }
    assignPeers();
    for (ReplicaPlacement replica : replicas) {
      Integer node = indexByName.get(replica.node());
      if (node == null) {
        throw new IllegalArgumentException("Replica " + replica.key() + " is placed on node " + replica.node()
            + ", which the city does not have");
      }
      replicasByNode.get(node).add(replica);
    }
    assignSlots();
  }

  /**
   * Numbers the events each node can emit in a tick: slot 0 is its metrics, then one per replica,
   * then one per probe it sends. Event id = source id + ":" + (tick × slots + slot + 1), a sequence
   * per source that needs no shared counter, so threads can emit disjoint node ranges and the ids
   * stay the same. A silent node leaves gaps.
   */
  private void assignSlots() {
    for (int i = 0; i < nodes.size(); i++) {
      slotsPerTick[i] = 1 + replicasByNode.get(i).size();
    }
    for (int i = 0; i < nodes.size(); i++) {
      controlSlot[i] = i == control ? -1 : slotsPerTick[control]++;
      uplinkSlot[i] = uplink[i] >= 0 && uplink[i] != control ? slotsPerTick[uplink[i]]++ : -1;
      peerSlot[i] = peer[i] >= 0 && peer[i] != control ? slotsPerTick[peer[i]]++ : -1;
    }
  }

  /** Links each node to the next node of the same tier and district, in a ring; a node alone has no peer. */
  private void assignPeers() {
    Map<String, List<Integer>> groups = new LinkedHashMap<>();
    for (int i = 0; i < nodes.size(); i++) {
      CityNode node = nodes.get(i);
      groups.computeIfAbsent(node.tier() + "/" + node.location().district(), key -> new ArrayList<>()).add(i);
    }
    java.util.Arrays.fill(peer, -1);
    for (List<Integer> group : groups.values()) {
      if (group.size() < 2) {
        continue;
      }
      for (int k = 0; k < group.size(); k++) {
        peer[group.get(k)] = group.get((k + 1) % group.size());
      }
    }
  }

  /** Returns the start of the run, in ms since the epoch. */
  public long startEpochMs() {
    return startEpochMs;
  }

  /** Returns the time between ticks, in ms. */
  public long intervalMs() {
    return intervalMs;
  }

  /** Returns the node count. */
  public int nodeCount() {
    return nodes.size();
  }

  /**
   * Emits the events that nodes {@code fromNode} (inclusive) to {@code toNode} (exclusive) report
   * at tick {@code tick}, which ends {@code tick × interval} ms after the start. Every event of a
   * node, and every probe of it, is emitted by its own iteration, so disjoint ranges may run on
   * different threads at once, each in order per node.
   */
  public void emit(long tick, int fromNode, int toNode, TelemetrySink sink) {
    long elapsedMs = tick * intervalMs;
    long now = startEpochMs + elapsedMs;
    double activity = DailyLoad.at(now);
    ActiveFaults active = ActiveFaults.at(faults, elapsedMs);
    for (int i = fromNode; i < toNode; i++) {
      ActiveFaults.NodeEffects effects = active.node(nodes.get(i).name());
      double cpuShare = cpuShare(i, tick, elapsedMs, activity, effects);
      boolean silent = effects != null && effects.silent;
      if (!silent) {
        sink.nodeMetrics(eventId(i, tick, 0), nodeMetrics(i, now, clock(now, effects), cpuShare));
        emitReplicas(i, tick, now, clock(now, effects), cpuShare, activity, active, sink);
      }
      if (controlSlot[i] >= 0) {
        maybeProbe(control, i, controlSlot[i], ProbeKind.CONTROL_TO_NODE, tick, now, elapsedMs, activity, active, sink);
      }
      if (uplinkSlot[i] >= 0) {
        maybeProbe(uplink[i], i, uplinkSlot[i], ProbeKind.NODE_TO_NODE, tick, now, elapsedMs, activity, active, sink);
      }
      if (peerSlot[i] >= 0) {
        maybeProbe(peer[i], i, peerSlot[i], ProbeKind.NODE_TO_NODE, tick, now, elapsedMs, activity, active, sink);
      }
    }
  }

  private double cpuShare(int i, long tick, long elapsedMs, double activity, ActiveFaults.NodeEffects effects) {
    double share;
    OptionalDouble replayed = replay == null ? OptionalDouble.empty() : replay.cpuShare(i, elapsedMs);
    if (replayed.isPresent()) {
      share = replayed.getAsDouble();
    } else {
      double factor = 0.6 + 0.8 * noise.uniform(STREAM_NODE_FACTOR, i, 0);
      double tierActivity = switch (nodes.get(i).tier()) {
        case EDGE -> activity;
        case FOG -> 0.2 + 0.6 * activity;
        case CLOUD -> 0.3 + 0.3 * activity;
      };
      share = clamp(tierActivity * factor + 0.03 * noise.gaussian(STREAM_CPU, i, tick), 0.01, 0.98);
    }
    if (effects != null && effects.cpuShare > 0) {
      share = Math.max(share, effects.cpuShare - 0.01 * noise.uniform(STREAM_CPU, i, tick));
    }
    return share;
  }

  private NodeMetrics nodeMetrics(int i, long now, long eventTime, double cpuShare) {
    CityNode node = nodes.get(i);
    double cores = node.cpuCores();
    long memoryCapacity = node.memoryMebibytes() * MEBIBYTE;
    boolean realtime = node.capabilities().contains("realtime");
    return new NodeMetrics(node.name(), Instant.ofEpochMilli(eventTime), Instant.ofEpochMilli(now), sources[i], cpuShare * cores, cores,
        (long) (memoryCapacity * (0.35 + 0.25 * cpuShare)), memoryCapacity,
        realtime ? 0.25 * cores * cpuShare : 0.0, realtime ? 0.95 * cores : null,
        replicasByNode.get(i).size() + SYSTEM_PODS);
  }

  private void maybeProbe(int from, int to, int slot, ProbeKind kind, long tick, long now, long elapsedMs, double activity,
      ActiveFaults active, TelemetrySink sink) {
    CityNode source = nodes.get(from);
    CityNode target = nodes.get(to);
    ActiveFaults.NodeEffects sourceEffects = active.node(source.name());
    if (sourceEffects != null && sourceEffects.silent) {
      return;
    }
    ActiveFaults.NodeEffects targetEffects = active.node(target.name());
    LinkSample sample;
    if ((targetEffects != null && targetEffects.silent) || active.linkDown(source.name(), target.name())) {
      sample = LinkSample.allLost(PROBES_PER_BURST);
    } else {
      sample = replayed(from, to, kind, elapsedMs);
      if (sample == null) {
        sample = modelled(from, to, tick, activity);
      }
      double added = active.linkAddedMicros(source.name(), target.name());
      added += sourceEffects == null ? 0 : sourceEffects.addedLatencyMicros;
      added += targetEffects == null ? 0 : targetEffects.addedLatencyMicros;
      if (added > 0) {
        sample = sample.plusMicros(added);
      }
    }
    LinkLatency event = new LinkLatency(source.name(), target.name(), kind, ProbeProtocol.UDP,
        Instant.ofEpochMilli(clock(now, sourceEffects)), Instant.ofEpochMilli(now), sources[from], sample.probeCount(), sample.rttMicros(), sample.jitterMicros(), sample.lossRatio());
    sink.linkLatency(eventId(from, tick, slot), event);
  }

  /** Returns the replayed burst for the link, or null when no trace drives it. */
  private LinkSample replayed(int from, int to, ProbeKind kind, long elapsedMs) {
    if (replay == null || edgeIndex[to] < 0) {
      return null;
    }
    if (kind == ProbeKind.CONTROL_TO_NODE) {
      return replay.cloudLeg(edgeIndex[to], elapsedMs, intervalMs);
    }
    if (from == uplink[to]) {
      return replay.accessLeg(edgeIndex[to], elapsedMs, intervalMs);
    }
    return edgeIndex[from] < 0 ? null : replay.peer(edgeIndex[from], edgeIndex[to], elapsedMs, intervalMs);
  }

  private LinkSample modelled(int from, int to, long tick, double activity) {
    CityNode source = nodes.get(from);
    CityNode target = nodes.get(to);
    long entity = (long) from * nodes.size() + to;
    double base = city.roundTripMicros(source, target);
    if (target.tier() == CityNode.Tier.EDGE || source.tier() == CityNode.Tier.EDGE) {
      base += RADIO_ACCESS_MICROS;
    }
    double rtt = base * (1 + 0.3 * activity) * Math.exp(0.1 * noise.gaussian(STREAM_LINK, entity, tick));
    double jitter = rtt * 0.05 * (0.5 + noise.uniform(STREAM_JITTER, entity, tick));
    double lossDraw = noise.uniform(STREAM_LOSS, entity, tick);
    double loss = lossDraw < 0.01 ? 1.0 / PROBES_PER_BURST : 0.0;
    return new LinkSample(PROBES_PER_BURST, rtt, jitter, loss);
  }

  private void emitReplicas(int i, long tick, long now, long eventTime, double cpuShare, double activity,
      ActiveFaults active, TelemetrySink sink) {
    List<ReplicaPlacement> replicas = replicasByNode.get(i);
    for (int r = 0; r < replicas.size(); r++) {
      ReplicaPlacement replica = replicas.get(r);
      long entity = (long) i * 64 + r;
      double rate = replica.requestRate() * (0.2 + activity)
          * Math.max(0.1, 1 + 0.1 * noise.gaussian(STREAM_REPLICA, entity, tick));
      double p50 = replica.serviceTimeMs() / (1 - 0.8 * Math.min(cpuShare, 0.95))
          * Math.exp(0.05 * noise.gaussian(STREAM_REPLICA + 1, entity, tick));
      double p95 = p50 * (1.9 + 0.2 * noise.uniform(STREAM_REPLICA + 2, entity, tick));
      double p99 = p95 * (1.5 + 0.3 * noise.uniform(STREAM_REPLICA + 3, entity, tick));
      double errors = rate * 0.002;
      Fault fault = active.replica(replica.key());
      if (fault != null && fault.kind() == FaultKind.REPLICA_SLOW) {
        p50 *= fault.slowdownFactor();
        p95 *= fault.slowdownFactor();
        p99 *= fault.slowdownFactor();
      } else if (fault != null && fault.kind() == FaultKind.REPLICA_FAILING_FAST) {
        errors = rate * fault.errorRatio();
        p99 = fault.failLatencyMs();
        p95 = p99 * 0.8;
        p50 = p99 * 0.5;
      }
      int inFlight = (int) Math.round(rate * p50 / 1_000);
      ReplicaMetrics event = new ReplicaMetrics(replica.namespace(), replica.pod(), replica.fogService(),
          replica.node(), Instant.ofEpochMilli(eventTime), Instant.ofEpochMilli(now), sources[i], intervalMs, p50, p95, p99, rate, errors, inFlight, Map.of());
      sink.replicaMetrics(eventId(i, tick, 1 + r), event);
    }
  }

  private static long clock(long now, ActiveFaults.NodeEffects effects) {
    return effects == null ? now : now + effects.clockOffsetMs;
  }

  private String eventId(int node, long tick, int slot) {
    return sources[node].getId() + ":" + (tick * slotsPerTick[node] + slot + 1);
  }

  private static double clamp(double value, double min, double max) {
    return Math.max(min, Math.min(max, value));
  }
}
