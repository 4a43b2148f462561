package dev.edgeplane.schemas.catalog.internal;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import dev.edgeplane.schemas.catalog.TopicProvisioningException;
import org.apache.kafka.common.KafkaFuture;

/** Waits for the futures of Kafka's {@code Admin} client with a bound on the wait. */
public final class AdminCalls {

    private AdminCalls() {
    }

    /**
     * Blocks until {@code future} completes or {@code timeout} passes.
     *
     * @param action what the call does, for the message if the thread is interrupted
     * @throws ExecutionException if the call failed; its cause is the Kafka error
     * @throws TimeoutException if the call did not complete in time
     * @throws TopicProvisioningException if the thread was interrupted; the interrupt flag is restored
     */
    public static <T> T await(KafkaFuture<T> future, Duration timeout, String action) throws ExecutionException, TimeoutException {
        try {
            return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TopicProvisioningException("Interrupted while waiting to " + action + ".", e);
        }
    }

    /** Returns the message of the Kafka error inside {@code e}, or its class name if it has none. */
    public static String reason(Throwable e) {
        Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
        String message = cause.getMessage();
        return message == null || message.isBlank() ? cause.getClass().getSimpleName() : message;
    }
}
