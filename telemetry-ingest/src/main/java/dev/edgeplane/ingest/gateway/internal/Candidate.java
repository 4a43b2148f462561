package dev.edgeplane.ingest.gateway.internal;

import org.apache.avro.specific.SpecificRecord;

/**
 * An event that parsed and matches its schema, before range and skew checks. Its
 * {@code receiveTime} and {@code source} are still unset.
 *
 * @param index  position in the batch
 * @param id     event id, unique per source
 * @param type   event type
 * @param record the event; mutable until it is sent
 */
public record Candidate(int index, String id, EventType type, SpecificRecord record) {
}
