package dev.edgeplane.ingest.agent.internal;

import java.util.Objects;

import dev.edgeplane.event.telemetry.LinkLatency;
import dev.edgeplane.event.telemetry.NodeMetrics;
import dev.edgeplane.event.telemetry.ReplicaMetrics;
import org.apache.avro.specific.SpecificRecord;

/**
 * A telemetry event waiting in the agent's buffer until the gateway or Kafka acknowledges it.
 *
 * @param id     event id, unique per agent: the agent id, a colon and a sequence number
 * @param record a {@link NodeMetrics}, {@link LinkLatency} or {@link ReplicaMetrics}
 */
public record PendingEvent(String id, SpecificRecord record) {

    public PendingEvent {
        Objects.requireNonNull(id, "id");
        type(record);
    }

    /** Returns the event type of the batch contract: node-metrics, link-latency or replica-metrics. */
    public String type() {
        return type(record);
    }

    private static String type(SpecificRecord record) {
        if (record instanceof NodeMetrics) {
            return "node-metrics";
        }
        if (record instanceof LinkLatency) {
            return "link-latency";
        }
        if (record instanceof ReplicaMetrics) {
            return "replica-metrics";
        }
        throw new IllegalArgumentException("Unsupported telemetry record "
                + (record == null ? "null" : record.getClass().getName())
                + ": the agent sends NodeMetrics, LinkLatency and ReplicaMetrics.");
    }
}
