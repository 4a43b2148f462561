package dev.edgeplane.ingest.simulate.internal;

import dev.edgeplane.ingest.simulate.scenario.Fault;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The faults in force at one instant, indexed by node, link and replica so that the model looks
 * each entity up in constant time. Built once per tick by the simulation thread.
 */
public final class ActiveFaults {

  /** Effects of the node faults on one node. */
  static final class NodeEffects {
    boolean silent;
    double cpuShare;
    long clockOffsetMs;
    double addedLatencyMicros;
  }

  private static final ActiveFaults NONE = new ActiveFaults(Map.of(), List.of(), Map.of());

  private final Map<String, NodeEffects> nodes;
  private final List<Fault> links;
  private final Map<String, Fault> replicas;

  private ActiveFaults(Map<String, NodeEffects> nodes, List<Fault> links, Map<String, Fault> replicas) {
    this.nodes = nodes;
    this.links = links;
    this.replicas = replicas;
  }

  /** Collects the faults of {@code faults} in force at {@code elapsedMs} since the start of the run. */
  public static ActiveFaults at(List<Fault> faults, long elapsedMs) {
    Map<String, NodeEffects> nodes = new HashMap<>();
    List<Fault> links = new ArrayList<>();
    Map<String, Fault> replicas = new HashMap<>();
    for (Fault fault : faults) {
      if (!fault.activeAt(elapsedMs)) {
        continue;
      }
      switch (fault.kind()) {
        case LATENCY_RISE -> {
          if (fault.node() != null) {
            nodes.computeIfAbsent(fault.node(), name -> new NodeEffects()).addedLatencyMicros += fault.addedLatencyMs() * 1_000;
          } else {
            links.add(fault);
          }
        }
        case CPU_SATURATION -> {
          NodeEffects effects = nodes.computeIfAbsent(fault.node(), name -> new NodeEffects());
          effects.cpuShare = Math.max(effects.cpuShare, fault.cpuShare());
        }
        case SILENT_NODE -> nodes.computeIfAbsent(fault.node(), name -> new NodeEffects()).silent = true;
        case CLOCK_AHEAD -> nodes.computeIfAbsent(fault.node(), name -> new NodeEffects()).clockOffsetMs += fault.clockOffsetMs();
        case FLAPPING_LINK -> links.add(fault);
        case REPLICA_SLOW, REPLICA_FAILING_FAST -> replicas.put(fault.pod(), fault);
        default -> throw new IllegalStateException("Unhandled fault kind " + fault.kind());
      }
    }
    if (nodes.isEmpty() && links.isEmpty() && replicas.isEmpty()) {
      return NONE;
    }
    return new ActiveFaults(nodes, links, replicas);
  }

  NodeEffects node(String name) {
    return nodes.isEmpty() ? null : nodes.get(name);
  }

  /** Returns whether a flapping link between the two nodes is down now. */
  boolean linkDown(String a, String b) {
    for (Fault fault : links) {
      if (fault.kind() == dev.edgeplane.ingest.simulate.scenario.FaultKind.FLAPPING_LINK && fault.onLink(a, b)) {
        return true;
      }
    }
    return false;
  }

  /** Returns the round-trip time that link latency rises add to the link between the two nodes, in µs. */
  double linkAddedMicros(String a, String b) {
    double added = 0;
    for (Fault fault : links) {
      if (fault.kind() == dev.edgeplane.ingest.simulate.scenario.FaultKind.LATENCY_RISE && fault.onLink(a, b)) {
        added += fault.addedLatencyMs() * 1_000;
      }
    }
    return added;
  }

  Fault replica(String key) {
    return replicas.isEmpty() ? null : replicas.get(key);
  }
}
