package dev.edgeplane.registry;

/**
 * Thrown by {@link SchemaRegistryServer#start()} when the registry cannot serve: the schemas topic
 * is missing and cannot be created, has the wrong layout, cannot be read to its end in time, or the
 * HTTP port cannot be bound. The message names the topic or port and what to change.
 */
public class RegistryStartException extends RuntimeException {

    public RegistryStartException(String message) {
        super(message);
    }

    public RegistryStartException(String message, Throwable cause) {
        super(message, cause);
    }
}
