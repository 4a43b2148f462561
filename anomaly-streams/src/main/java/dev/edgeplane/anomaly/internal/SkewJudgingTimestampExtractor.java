package dev.edgeplane.anomaly.internal;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.processor.TimestampExtractor;

/**
 * Orders telemetry by event time unless the source's clock runs ahead of the gateway's by more than
 * the skew tolerance, in which case the receive time orders it. Stream time is the highest record
 * timestamp a task has seen, and a window closes for every key of the task once stream time passes
 * its end plus grace. One node with a clock an hour ahead would otherwise close the windows of every
 * other node in its partition. {@link TelemetryGate} then keeps the clamped record or dead-letters
 * it, as configured.
 *
 * <p>An event time behind the receive time is kept: buffered events from an agent that lost its link
 * belong to their own windows, and when those have closed the gate counts them as late per source.
 * Records that are no telemetry, such as the cluster topics, keep their record timestamp, or the
 * partition time when it is negative. Thread-safe; Kafka Streams calls it on the stream thread.
 */
public final class SkewJudgingTimestampExtractor implements TimestampExtractor {

    private final long toleranceMs;
    private final DataQualityMetrics metrics;

    /** Creates an extractor that clamps beyond {@code toleranceMs} and counts clamps in {@code metrics}. */
    public SkewJudgingTimestampExtractor(long toleranceMs, DataQualityMetrics metrics) {
        this.toleranceMs = toleranceMs;
        this.metrics = metrics;
    }

    @Override
    public long extract(ConsumerRecord<Object, Object> record, long partitionTime) {
        TelemetryTimes times = TelemetryTimes.of(record.value());
        if (times == null) {
            return record.timestamp() >= 0 ? record.timestamp() : Math.max(partitionTime, 0);
        }
        if (times.skewedBeyond(toleranceMs)) {
            metrics.clamped(record.topic(), record.partition(), record.offset(), times);
            return times.receiveTimeMs();
        }
        return times.eventTimeMs();
    }
}
