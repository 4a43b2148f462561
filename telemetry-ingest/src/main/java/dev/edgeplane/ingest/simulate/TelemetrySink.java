package dev.edgeplane.ingest.simulate;

import dev.edgeplane.event.telemetry.LinkLatency;
import dev.edgeplane.event.telemetry.NodeMetrics;
import dev.edgeplane.event.telemetry.ReplicaMetrics;

/**
 * Receives the events the simulator emits, each with its event id (the source id plus a sequence
 * number, unique per source). Called from the simulation thread only; an implementation need not
 * be thread-safe. The events belong to the sink once passed.
 */
public interface TelemetrySink {

  void nodeMetrics(String eventId, NodeMetrics event);

  void linkLatency(String eventId, LinkLatency event);

  void replicaMetrics(String eventId, ReplicaMetrics event);
}
