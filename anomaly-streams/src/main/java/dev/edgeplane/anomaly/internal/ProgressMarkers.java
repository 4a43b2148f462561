package dev.edgeplane.anomaly.internal;

import dev.edgeplane.anomaly.internal.state.ProgressMarker;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Progress markers of one node-health task, in event time: a marker with {@code completeThrough = E}
 * states to placement advice that every verdict this task will ever send for a window ending at or
 * before {@code E} has been sent before the marker.
 *
 * <p>The marker is derived from the closed panes that node health has judged, never from the
 * samples alone. The pane {@link TumblingWindowAggregator} closes panes in order of their end when
 * a sample moves stream time to {@code S}: every open pane ending at or before {@code S - grace},
 * then the sample itself. A later sample of such a pane is late, and the telemetry gate drops it.
 * So the ends reach node health in non-decreasing order, and once the sample that follows a pass
 * arrives, every pane ending at or before the last emitted end has been judged. {@link #maybeSend}
 * is therefore called on every sample and in the wall-clock punctuation, which never runs inside a
 * pass.
 *
 * <p>Kafka keeps the order of one producer's records within a partition, and the task sends each
 * marker to every partition of the repartition topic after the verdicts it covers, so a marker read
 * by placement advice follows every verdict it covers on that partition. The last emitted end is
 * kept in memory only: after a restart the next pass sends it again, and until then the marker only
 * lags.
 *
 * <p>Before its first marker, a task announces itself once, so that placement advice does not wait
 * for it forever: as idle when it has processed no record for {@code advice.wait.ms} since it
 * started (its partitions are empty), else as active with no window yet. One instance per task, on
 * its stream thread.
 */
final class ProgressMarkers {

    private static final String KEY_PREFIX = "progress/";

    private final int partition;
    private final long idleAfterMs;
    private final long startedMs;
    private long emittedThrough = Long.MIN_VALUE;
    private long sentThrough = Long.MIN_VALUE;
    private boolean processedAny;
    private boolean announced;

    /**
     * @param idleAfterMs wall-clock time without any record after which the task announces itself idle
     * @param nowMs wall-clock time at which the task started
     */
    ProgressMarkers(int partition, long idleAfterMs, long nowMs) {
        this.partition = partition;
        this.idleAfterMs = idleAfterMs;
        this.startedMs = nowMs;
    }

    /** Records that node health processed a record of its input topics. */
    void recordProcessed() {
        processedAny = true;
    }

    /**
     * Announces the task once, if it sent no marker yet: idle when it processed no record for the
     * idle time since start, active otherwise. Called from a wall-clock punctuation.
     */
    void maybeAnnounce(ProcessorContext<String, SpecificRecord> context, long nowMs) {
        if (announced || sentThrough != Long.MIN_VALUE) {
            return;
        }
        boolean idle = !processedAny;
        if (idle && nowMs - startedMs < idleAfterMs) {
            return;
        }
        ProgressMarker marker = new ProgressMarker(partition, Long.MIN_VALUE, idle);
        context.forward(new Record<>(KEY_PREFIX + partition, marker, Math.max(0, context.currentStreamTimeMs())));
        announced = true;
    }

    /** Records that node health has forwarded the verdict of a closed window ending at {@code windowEnd}. */
    void windowEmitted(long windowEnd) {
        emittedThrough = Math.max(emittedThrough, windowEnd);
    }

    /**
     * Sends a marker when windows were emitted since the last one. Call only outside a closing pass:
     * when node health receives a sample or in a punctuation.
     */
    void maybeSend(ProcessorContext<String, SpecificRecord> context) {
        if (emittedThrough <= sentThrough) {
            return;
        }
        ProgressMarker marker = new ProgressMarker(partition, emittedThrough, false);
        context.forward(new Record<>(KEY_PREFIX + partition, marker, emittedThrough));
        sentThrough = emittedThrough;
    }
}
