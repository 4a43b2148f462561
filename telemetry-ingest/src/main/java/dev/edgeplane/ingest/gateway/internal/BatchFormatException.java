package dev.edgeplane.ingest.gateway.internal;

/** A request body that is not a batch at all, answered with HTTP 400 as a whole. */
public final class BatchFormatException extends Exception {

    public BatchFormatException(String message) {
        super(message);
    }

    public BatchFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
