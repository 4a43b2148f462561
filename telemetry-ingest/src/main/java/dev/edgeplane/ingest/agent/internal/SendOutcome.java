package dev.edgeplane.ingest.agent.internal;

import java.time.Duration;
import java.util.List;

/**
 * Result of sending one batch.
 *
 * @param acknowledged ids the target stored, now or in an earlier attempt; they leave the buffer
 * @param duplicates   how many of {@code acknowledged} the gateway reported as already stored
 * @param rejected     events the target rejected as invalid; they leave the buffer and are counted
 * @param retry        whether the other events of the batch stay buffered for a later attempt
 * @param retryAfter   wait the target asked for before the next attempt, or null for the backoff
 * @param tooLarge     whether the target rejected the batch as too large, so it must be split
 * @param failure      why the attempt failed, for the log, or null when it did not
 */
public record SendOutcome(List<String> acknowledged, int duplicates, List<Rejection> rejected, boolean retry,
        Duration retryAfter, boolean tooLarge, String failure) {

    /**
     * An event the target rejected.
     *
     * @param id     event id
     * @param field  field at fault, or null when the whole event was rejected
     * @param reason why, as the target gave it
     */
    public record Rejection(String id, String field, String reason) {
    }

    public SendOutcome {
        acknowledged = List.copyOf(acknowledged);
        rejected = List.copyOf(rejected);
    }

    /** Returns an outcome in which nothing was stored and the whole batch is to be sent again. */
    public static SendOutcome retryAll(Duration retryAfter, String failure) {
        return new SendOutcome(List.of(), 0, List.of(), true, retryAfter, false, failure);
    }

    /** Returns an outcome in which the target rejected the batch as too large. */
    public static SendOutcome batchTooLarge(String failure) {
        return new SendOutcome(List.of(), 0, List.of(), false, null, true, failure);
    }
}
