package dev.edgeplane.anomaly.internal;

/**
 * A telemetry record whose event time ran further ahead of its receive time than the skew tolerance
 * allows, raised when the application dead-letters such records. {@link
 * TelemetryProcessingExceptionHandler} turns it into a dead letter and processing goes on.
 */
public final class SkewedEventTimeException extends RuntimeException {

    public SkewedEventTimeException(String topic, int partition, long offset, TelemetryTimes times, long toleranceMs) {
        super("Event time " + times.eventTimeMs() + " of the record at topic " + topic + " partition " + partition
                + " offset " + offset + " from source " + times.sourceId() + " runs " + times.aheadMs()
                + " ms ahead of its receive time " + times.receiveTimeMs() + ", beyond the tolerance of " + toleranceMs
                + " ms (timestamp.skew.tolerance.ms); check the clock of that source.");
    }
}
