package dev.edgeplane.registry.internal;

/**
 * The result of a route: a status and either a value to write as JSON or a body that is already
 * JSON text (the bare schema of the {@code .../schema} routes).
 */
public record ApiResponse(int status, Object json, String rawJson) {

    public static ApiResponse ok(Object json) {
        return new ApiResponse(200, json, null);
    }

    public static ApiResponse raw(String rawJson) {
        return new ApiResponse(200, null, rawJson);
    }
}
