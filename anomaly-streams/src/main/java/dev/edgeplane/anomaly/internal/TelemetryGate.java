package dev.edgeplane.anomaly.internal;

import dev.edgeplane.anomaly.AnomalyConfig.SkewAction;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Checks telemetry before it enters the windows: dead-letters a record with a skewed event time when
 * so configured, and drops a record whose last window has already closed, counting it per source
 * in a late-records store instead of letting the window aggregate drop it silently.
 *
 * <p>Lateness follows the windowed aggregate's own rule: a window ending at {@code end} accepts a
 * record while {@code end + grace > streamTime}, where stream time is the highest timestamp the
 * aggregate has seen. One gate feeds each aggregate, so the gate sees every record the aggregate
 * sees and keeps the same stream time, in a field read from its store at start-up and written back
 * only when it advances. Tumbling windows: the last window containing {@code t} ends at
 * {@code floor(t / size) * size + size}. One instance per task, called on its stream thread only.
 *
 * @param <V> the telemetry record type
 */
public final class TelemetryGate<V> implements FixedKeyProcessor<String, V, V> {

    private static final String STREAM_TIME_KEY = "stream-time";

    private final String streamTimeStoreName;
    private final String lateRecordsStoreName;
    private final long windowSizeMs;
    private final long graceMs;
    private final long skewToleranceMs;
    private final SkewAction skewAction;
    private final DataQualityMetrics metrics;

    private FixedKeyProcessorContext<String, V> context;
    private KeyValueStore<String, Long> streamTimes;
    private KeyValueStore<String, Long> lateRecords;
    private long streamTime;

    public TelemetryGate(String streamTimeStoreName, String lateRecordsStoreName, long windowSizeMs, long graceMs, long skewToleranceMs,
            SkewAction skewAction, DataQualityMetrics metrics) {
        this.streamTimeStoreName = streamTimeStoreName;
        this.lateRecordsStoreName = lateRecordsStoreName;
        this.windowSizeMs = windowSizeMs;
        this.graceMs = graceMs;
        this.skewToleranceMs = skewToleranceMs;
        this.skewAction = skewAction;
        this.metrics = metrics;
    }

    @Override
    public void init(FixedKeyProcessorContext<String, V> context) {
        this.context = context;
        this.streamTimes = context.getStateStore(streamTimeStoreName);
        this.lateRecords = context.getStateStore(lateRecordsStoreName);
        Long stored = streamTimes.get(STREAM_TIME_KEY);
        this.streamTime = stored == null ? -1 : stored;
    }

    @Override
    public void process(FixedKeyRecord<String, V> record) {
        RecordMetadata position = context.recordMetadata().orElse(null);
        String topic = position == null ? "unknown" : position.topic();
        TelemetryTimes times = TelemetryTimes.of(record.value());
        if (times == null) {
            // A tombstone on a telemetry topic carries no measurement to window.
            metrics.skippedNull(topic, partition(position), offset(position));
            return;
        }
        if (skewAction == SkewAction.DEAD_LETTER && times.skewedBeyond(skewToleranceMs)) {
            metrics.skewDeadLettered(topic, partition(position), offset(position), times);
            throw new SkewedEventTimeException(topic, partition(position), offset(position), times, skewToleranceMs);
        }

        long timestamp = record.timestamp();
        long lastWindowEnd = Math.floorDiv(timestamp, windowSizeMs) * windowSizeMs + windowSizeMs;
        if (lastWindowEnd + graceMs <= Math.max(streamTime, timestamp)) {
            Long count = lateRecords.get(times.sourceId());
            lateRecords.put(times.sourceId(), count == null ? 1L : count + 1);
            metrics.late(topic, partition(position), offset(position), times.sourceId(),
                    streamTime - lastWindowEnd - graceMs);
            return;
        }
        if (timestamp > streamTime) {
            streamTime = timestamp;
            streamTimes.put(STREAM_TIME_KEY, streamTime);
        }
        context.forward(record);
    }

    private static int partition(RecordMetadata position) {
        return position == null ? -1 : position.partition();
    }

    private static long offset(RecordMetadata position) {
        return position == null ? -1 : position.offset();
    }
}
