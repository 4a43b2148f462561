package dev.edgeplane.schemas.registry;

/**
 * A failed call to a schema registry, with the HTTP status and the Confluent error code of the
 * response.
 *
 * <p>Confluent error codes extend the HTTP status with a sub-code, for example 40401 (subject not
 * found), 40403 (schema not found), 409 (incompatible schema) and 42201 (invalid schema). A failure
 * that never got a response, such as a refused connection or a timeout, has status and error code
 * {@link #NO_RESPONSE}.
 */
public class SchemaRegistryException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Status and error code of a call that got no HTTP response, such as a refused connection. */
    public static final int NO_RESPONSE = 0;

    /** Confluent error code: the subject is not registered. */
    public static final int SUBJECT_NOT_FOUND = 40401;

    /** Confluent error code: the schema or schema id is not registered. */
    public static final int SCHEMA_NOT_FOUND = 40403;

    private final int status;
    private final int errorCode;

    /** Creates an exception for an HTTP response with the given status and Confluent error code. */
    public SchemaRegistryException(String message, int status, int errorCode) {
        super(message);
        this.status = status;
        this.errorCode = errorCode;
    }

    /** Creates an exception for an HTTP response, or {@link #NO_RESPONSE}, with its cause. */
    public SchemaRegistryException(String message, int status, int errorCode, Throwable cause) {
        super(message, cause);
        this.status = status;
        this.errorCode = errorCode;
    }

    /** HTTP status of the response, or {@link #NO_RESPONSE}. */
    public int status() {
        return status;
    }

    /** Confluent error code of the response, such as 40403, or {@link #NO_RESPONSE}. */
    public int errorCode() {
        return errorCode;
    }

    /** Returns whether the registry responded that the subject, schema or schema id does not exist. */
    public boolean isNotFound() {
        return status == 404;
    }
}
