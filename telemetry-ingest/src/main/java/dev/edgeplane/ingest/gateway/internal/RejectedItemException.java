package dev.edgeplane.ingest.gateway.internal;

/**
 * The error of a dead letter written for a batch item that failed the gateway's checks. It is never
 * thrown: it carries the reject code and reason into the dead letter's error class and message.
 */
public final class RejectedItemException extends Exception {

    private static final long serialVersionUID = 1L;

    public RejectedItemException(Rejection rejection) {
        super(rejection.code().code() + ": " + rejection.reason(), null, false, false);
    }
}
