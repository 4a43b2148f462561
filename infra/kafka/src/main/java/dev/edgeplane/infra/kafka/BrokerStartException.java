package dev.edgeplane.infra.kafka;

/** Raised when an {@link EmbeddedKafkaBroker} cannot format its data folder or start serving. */
public final class BrokerStartException extends RuntimeException {

    public BrokerStartException(String message, Throwable cause) {
        super(message, cause);
    }
}
