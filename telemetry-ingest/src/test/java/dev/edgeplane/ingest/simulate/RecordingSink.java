package dev.edgeplane.ingest.simulate;

import dev.edgeplane.event.telemetry.LinkLatency;
import dev.edgeplane.event.telemetry.NodeMetrics;
import dev.edgeplane.event.telemetry.ReplicaMetrics;
import java.util.ArrayList;
import java.util.List;

/** Keeps every event the simulator emits, in order, with its id. */
final class RecordingSink implements TelemetrySink {

  record Event(String id, Object event) {
  }

  final List<Event> all = new ArrayList<>();
  final List<NodeMetrics> nodeMetrics = new ArrayList<>();
  final List<LinkLatency> linkLatency = new ArrayList<>();
  final List<ReplicaMetrics> replicaMetrics = new ArrayList<>();

  @Override
  public void nodeMetrics(String eventId, NodeMetrics event) {
    all.add(new Event(eventId, event));
    nodeMetrics.add(event);
  }

  @Override
  public void linkLatency(String eventId, LinkLatency event) {
    all.add(new Event(eventId, event));
    linkLatency.add(event);
  }

  @Override
  public void replicaMetrics(String eventId, ReplicaMetrics event) {
    all.add(new Event(eventId, event));
    replicaMetrics.add(event);
  }

  void clear() {
    all.clear();
    nodeMetrics.clear();
    linkLatency.clear();
    replicaMetrics.clear();
  }
}
