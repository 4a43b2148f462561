package dev.edgeplane.registry.internal;

/**
 * A failed API call, sent to the client as {@code {"error_code":N,"message":"..."}} with HTTP status
 * {@link #status()}. The error codes are those of the Confluent Schema Registry: the HTTP status
 * followed by two digits for the case, such as 40401 for an unknown subject.
 */
public class ApiException extends RuntimeException {

    private final int status;
    private final int errorCode;

    public ApiException(int status, int errorCode, String message) {
        super(message);
        this.status = status;
        this.errorCode = errorCode;
    }

    public ApiException(int status, int errorCode, String message, Throwable cause) {
        super(message, cause);
        this.status = status;
        this.errorCode = errorCode;
    }

    public int status() {
        return status;
    }

    public int errorCode() {
        return errorCode;
    }
}
