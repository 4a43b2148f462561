package dev.edgeplane.ingest.gateway.internal;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The outcomes of one request's sends, filled in by the producer callbacks. The request thread
 * waits once for all of them instead of once per event, and each completion hands back its event's
 * admission permit at once, also when the request stopped waiting. Thread-safe.
 */
final class PendingSends {

    private final AtomicReferenceArray<EventPublisher.Outcome> outcomes;
    private final CountDownLatch remaining;
    private final Semaphore permits;

    /**
     * @param size    number of sends, each with one admission permit
     * @param permits where each completed send returns its permit
     */
    PendingSends(int size, Semaphore permits) {
        this.outcomes = new AtomicReferenceArray<>(size);
        this.remaining = new CountDownLatch(size);
        this.permits = permits;
    }

    /** Records the outcome of send {@code slot}; called once per slot, on any thread. */
    void complete(int slot, EventPublisher.Outcome outcome) {
        outcomes.set(slot, outcome);
        permits.release();
        remaining.countDown();
    }

    /** Returns the outcome of send {@code slot}, or null while it is not known. */
    EventPublisher.Outcome outcome(int slot) {
        return outcomes.get(slot);
    }

    /**
     * Blocks until every send completed or {@code deadlineNanos} (of {@link System#nanoTime})
     * passed; sends still open then have a null outcome.
     */
    void await(long deadlineNanos) throws InterruptedException {
        remaining.await(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
    }
}
