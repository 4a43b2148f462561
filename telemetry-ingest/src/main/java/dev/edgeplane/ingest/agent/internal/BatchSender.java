package dev.edgeplane.ingest.agent.internal;

import java.util.List;

/** Delivers one batch to the gateway or Kafka. Called by the one sender thread only. */
public interface BatchSender extends AutoCloseable {

    /**
     * Sends the batch and blocks until the target responded or the attempt failed. Never throws for
     * a failed delivery: the outcome says what to keep and what to resend.
     *
     * @throws InterruptedException if the thread is interrupted while waiting
     */
    SendOutcome send(List<PendingEvent> batch) throws InterruptedException;

    /** Releases connections and clients; blocks at most briefly. */
    @Override
    void close();
}
