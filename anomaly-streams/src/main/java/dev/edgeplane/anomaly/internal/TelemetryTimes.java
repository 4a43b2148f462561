package dev.edgeplane.anomaly.internal;

import dev.edgeplane.event.telemetry.LinkLatency;
import dev.edgeplane.event.telemetry.NodeMetrics;
import dev.edgeplane.event.telemetry.ReplicaMetrics;

/**
 * The event time, receive time and source of a telemetry event, whichever of the three telemetry
 * records it is.
 *
 * @param eventTimeMs when the source measured, by the source's clock, in milliseconds since the epoch
 * @param receiveTimeMs when the gateway received it, by the gateway's clock, in milliseconds since the epoch
 * @param sourceId id of the producer, such as the agent id
 */
public record TelemetryTimes(long eventTimeMs, long receiveTimeMs, String sourceId) {

    /** Returns the times of a telemetry record, or null when {@code value} is none of them. */
    public static TelemetryTimes of(Object value) {
        if (value instanceof NodeMetrics metrics) {
            return new TelemetryTimes(metrics.getEventTime().toEpochMilli(), metrics.getReceiveTime().toEpochMilli(),
                    metrics.getSource().getId());
        }
        if (value instanceof LinkLatency latency) {
            return new TelemetryTimes(latency.getEventTime().toEpochMilli(), latency.getReceiveTime().toEpochMilli(),
                    latency.getSource().getId());
        }
        if (value instanceof ReplicaMetrics metrics) {
            return new TelemetryTimes(metrics.getEventTime().toEpochMilli(), metrics.getReceiveTime().toEpochMilli(),
                    metrics.getSource().getId());
        }
        return null;
    }

    /** Returns how far the event time runs ahead of the receive time, in milliseconds; negative when behind. */
    public long aheadMs() {
        return eventTimeMs - receiveTimeMs;
    }

    /** Returns whether the event time runs ahead of the receive time by more than {@code toleranceMs}. */
    public boolean skewedBeyond(long toleranceMs) {
        return aheadMs() > toleranceMs;
    }
}
