package dev.edgeplane.anomaly.internal;

import java.util.Collection;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counters of telemetry that the application clamped, dead-lettered or dropped as late, tagged by
 * topic only (sources are too many for tags; the late-records store counts late records per
 * source), and a rate-limited warning for each. Thread-safe: several stream threads share one
 * instance.
 */
public final class DataQualityMetrics {

    private static final Logger log = LoggerFactory.getLogger(DataQualityMetrics.class);

    private static final List<String> COUNTER_NAMES = List.of("edgeplane.anomaly.records.clamped",
            "edgeplane.anomaly.records.deadlettered", "edgeplane.anomaly.records.late", "edgeplane.anomaly.records.null");

    private final MeterRegistry registry;
    private final long warnIntervalMs;
    private final AtomicLong lastWarningMs = new AtomicLong(Long.MIN_VALUE);
    private final AtomicLong unwarned = new AtomicLong();

    /** Creates counters in {@code registry}; warnings come at most once per {@code warnIntervalMs}. */
    public DataQualityMetrics(MeterRegistry registry, long warnIntervalMs) {
        this.registry = registry;
        this.warnIntervalMs = warnIntervalMs;
    }

    /**
     * Registers every data-quality counter of each telemetry topic at zero, so the metrics endpoint
     * lists them before the first bad record and a rate over them starts from a known value.
     */
    public static void registerAtZero(MeterRegistry registry, Collection<String> topics) {
        for (String topic : topics) {
            for (String name : COUNTER_NAMES) {
                registry.counter(name, "topic", topic);
            }
        }
    }

    /** Counts a record whose event time ran ahead beyond the tolerance and was ordered by receive time. */
    void clamped(String topic, int partition, long offset, TelemetryTimes times) {
        counter("edgeplane.anomaly.records.clamped", topic).increment();
        maybeWarn("Clamped the event time of the record at topic {} partition {} offset {} from source {}: it ran {} ms"
                + " ahead of its receive time", topic, partition, offset, times.sourceId(), times.aheadMs());
    }

    /** Counts a record sent to the dead-letter topic for its skewed event time. */
    void skewDeadLettered(String topic, int partition, long offset, TelemetryTimes times) {
        counter("edgeplane.anomaly.records.deadlettered", topic).increment();
        maybeWarn("Sent the record at topic {} partition {} offset {} from source {} to the dead-letter topic: its event"
                + " time ran {} ms ahead of its receive time", topic, partition, offset, times.sourceId(), times.aheadMs());
    }

    /** Counts a record that arrived after its last window had closed. */
    void late(String topic, int partition, long offset, String sourceId, long lateByMs) {
        counter("edgeplane.anomaly.records.late", topic).increment();
        maybeWarn("Dropped the record at topic {} partition {} offset {} from source {}: its last window closed {} ms of"
                + " stream time before it arrived", topic, partition, offset, sourceId, lateByMs);
    }

    /** Counts a telemetry record without a value, which has nothing to window. */
    void skippedNull(String topic, int partition, long offset) {
        counter("edgeplane.anomaly.records.null", topic).increment();
        maybeWarn("Skipped the record at topic {} partition {} offset {}: it has no value", topic, partition, offset);
    }

    /** Returns the count of a counter by name and topic, 0 when it was never incremented. */
    public double count(String name, String topic) {
        Counter counter = registry.find(name).tag("topic", topic).counter();
        return counter == null ? 0 : counter.count();
    }

    private Counter counter(String name, String topic) {
        return registry.counter(name, "topic", topic);
    }

    private void maybeWarn(String format, Object... arguments) {
        long now = System.currentTimeMillis();
        long last = lastWarningMs.get();
        if ((last != Long.MIN_VALUE && now - last < warnIntervalMs) || !lastWarningMs.compareAndSet(last, now)) {
            unwarned.incrementAndGet();
            return;
        }
        long skipped = unwarned.getAndSet(0);
        log.warn(format + " ({} similar records since the last warning)", append(arguments, skipped));
    }

    private static Object[] append(Object[] arguments, Object last) {
        Object[] all = java.util.Arrays.copyOf(arguments, arguments.length + 1);
        all[arguments.length] = last;
        return all;
    }
}
