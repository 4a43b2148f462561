package dev.edgeplane.ingest.gateway.internal;

/** A request body or batch over the configured limits, answered with HTTP 413. */
public final class BatchTooLargeException extends Exception {

    public BatchTooLargeException(String message) {
        super(message);
    }
}
