package dev.edgeplane.ingest.gateway.internal;

import java.util.List;

import dev.edgeplane.event.telemetry.TelemetrySource;

/**
 * A batch split into the events that matched their schema and the items rejected while reading.
 *
 * @param source     producer of every event in the batch
 * @param candidates events to check and send, in batch order
 * @param rejections items rejected while reading, in batch order
 */
public record ParsedBatch(TelemetrySource source, List<Candidate> candidates, List<Rejection> rejections) {

    public ParsedBatch {
        candidates = List.copyOf(candidates);
        rejections = List.copyOf(rejections);
    }

    /** Returns the number of items in the batch. */
    public int size() {
        return candidates.size() + rejections.size();
    }
}
