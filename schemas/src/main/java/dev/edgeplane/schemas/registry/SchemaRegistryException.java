package dev.edgeplane.schemas.registry;

/**
 * A failed schema registry call. {@link #status()} is the HTTP status and {@link #errorCode()} the
 * registry's error code, such as 40401 for an unknown subject; both are 0 when no HTTP response
 * arrived (connection refused, timed out, TLS failure).
 */
public class SchemaRegistryException extends RuntimeException {

    private final int status;
    private final int errorCode;

    public SchemaRegistryException(String message, int status, int errorCode) {
        super(message);
        this.status = status;
        this.errorCode = errorCode;
    }

    public SchemaRegistryException(String message, int status, int errorCode, Throwable cause) {
        super(message, cause);
        this.status = status;
        this.errorCode = errorCode;
    }

    /** Returns the HTTP status, or 0 when no response arrived. */
    public int status() {
        return status;
    }

    /** Returns the registry's error code, such as 40401, or 0 when no response arrived. */
    public int errorCode() {
        return errorCode;
    }
}
