package dev.edgeplane.registry.internal;

import dev.edgeplane.registry.CompatibilityLevel;

/**
 * The API's errors, with the HTTP status, error code and message text of the Confluent Schema
 * Registry where it defines them, so that clients written for it react the same way.
 */
public final class ApiErrors {

    public static final int SUBJECT_NOT_FOUND = 40401;
    public static final int VERSION_NOT_FOUND = 40402;
    public static final int SCHEMA_NOT_FOUND = 40403;
    public static final int SUBJECT_SOFT_DELETED = 40404;
    public static final int VERSION_SOFT_DELETED = 40406;
    public static final int SUBJECT_CONFIG_NOT_FOUND = 40408;
    /**
     * Error code of an incompatible schema. The Confluent registry returned 409 for years and
     * switched to 40901 in late 2025; clients should test the HTTP status, which is 409 in both.
     */
    public static final int INCOMPATIBLE_SCHEMA = 409;
    public static final int INVALID_SCHEMA = 42201;
    public static final int INVALID_VERSION = 42202;
    public static final int INVALID_COMPATIBILITY_LEVEL = 42203;
    public static final int OPERATION_NOT_PERMITTED = 42205;
    public static final int SCHEMA_TOO_LARGE = 42209;
    public static final int STORE_ERROR = 50001;
    public static final int OPERATION_TIMEOUT = 50002;

    private ApiErrors() {
    }

    public static ApiException subjectNotFound(String subject) {
        return new ApiException(404, SUBJECT_NOT_FOUND, "Subject '" + subject + "' not found.");
    }

    public static ApiException versionNotFound(int version) {
        return new ApiException(404, VERSION_NOT_FOUND, "Version " + version + " not found.");
    }

    public static ApiException schemaNotFound() {
        return new ApiException(404, SCHEMA_NOT_FOUND, "Schema not found");
    }

    public static ApiException schemaNotFound(int id) {
        return new ApiException(404, SCHEMA_NOT_FOUND, "Schema " + id + " not found");
    }

    public static ApiException subjectConfigNotFound(String subject) {
        return new ApiException(404, SUBJECT_CONFIG_NOT_FOUND, "Subject '" + subject
                + "' does not have subject-level compatibility configured; add defaultToGlobal=true to get the global level.");
    }

    public static ApiException incompatible(String message) {
        return new ApiException(409, INCOMPATIBLE_SCHEMA, message);
    }

    public static ApiException invalidSchema(String message) {
        return new ApiException(422, INVALID_SCHEMA, message);
    }

    public static ApiException invalidVersion(String version) {
        return new ApiException(422, INVALID_VERSION, "The specified version '" + version
                + "' is not a valid version id. Allowed values are between [1, 2^31-1] and the string \"latest\"");
    }

    public static ApiException invalidCompatibilityLevel(String value) {
        return new ApiException(422, INVALID_COMPATIBILITY_LEVEL, "Invalid compatibility level '" + value + "'. Valid values are "
                + CompatibilityLevel.validNames() + ".");
    }

    public static ApiException operationNotPermitted(String message) {
        return new ApiException(422, OPERATION_NOT_PERMITTED, message);
    }

    public static ApiException schemaTooLarge(String message, Throwable cause) {
        return new ApiException(422, SCHEMA_TOO_LARGE, message, cause);
    }

    public static ApiException store(String message, Throwable cause) {
        return new ApiException(500, STORE_ERROR, message, cause);
    }

    public static ApiException timeout(String message) {
        return new ApiException(500, OPERATION_TIMEOUT, message);
    }

    /** A body that is not well-formed JSON; the Confluent registry rejects these with 400 and error code 400. */
    public static ApiException malformedJson(String detail) {
        return new ApiException(400, 400, "Invalid JSON in the request body: " + detail);
    }
}
