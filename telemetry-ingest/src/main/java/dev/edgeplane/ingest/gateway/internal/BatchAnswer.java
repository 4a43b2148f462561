package dev.edgeplane.ingest.gateway.internal;

import java.util.List;

/**
 * The answer to one batch.
 *
 * @param status     HTTP status: 200, 400 (every item failed, or the body is no batch), 413, 429 or 503
 * @param accepted   events that Kafka acknowledged in this request
 * @param duplicates events whose id was produced before, not produced again
 * @param rejected   items not accepted, in batch order
 * @param error      what is wrong with the request as a whole, or null
 */
public record BatchAnswer(int status, int accepted, int duplicates, List<Rejection> rejected, String error) {

    public BatchAnswer {
        rejected = List.copyOf(rejected);
    }

    /** Returns an answer for a request that failed as a whole. */
    public static BatchAnswer failed(int status, String error) {
        return new BatchAnswer(status, 0, 0, List.of(), error);
    }

    /** Returns whether the sender should retry later, which the Retry-After header tells. */
    public boolean retryLater() {
        return status == 429 || status == 503;
    }
}
