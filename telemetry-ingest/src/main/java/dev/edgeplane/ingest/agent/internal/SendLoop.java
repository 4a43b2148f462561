package dev.edgeplane.ingest.agent.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sender thread: takes the oldest buffered events in batches, sends them, and removes what the
 * target acknowledged or rejected. A failed attempt keeps the events and waits for the target's
 * Retry-After, or else for an exponential backoff from the initial to the maximum wait. A batch
 * rejected as too large is halved until it fits, and a single event that is still too large is
 * dropped and counted.
 *
 * <p>Runs on its own thread from {@link #start} until {@link #close}; other threads only add to
 * the buffer.
 */
public final class SendLoop implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SendLoop.class);

    private final EventBuffer buffer;
    private final BatchSender sender;
    private final int maxBatch;
    private final Duration linger;
    private final Duration initialBackoff;
    private final Duration maxBackoff;
    private final Thread thread;

    private final Counter accepted;
    private final Counter duplicates;
    private final Counter rejected;
    private final Counter tooLarge;
    private final Counter retries;
    private final Timer sendDuration;

    private volatile boolean running = true;
    private int batchLimit;
    private Duration backoff;
    private int consecutiveFailures;

    public SendLoop(EventBuffer buffer, BatchSender sender, int maxBatch, Duration linger, Duration initialBackoff,
            Duration maxBackoff, MeterRegistry meters) {
        this.buffer = buffer;
        this.sender = sender;
        this.maxBatch = maxBatch;
        this.linger = linger;
        this.initialBackoff = initialBackoff;
        this.maxBackoff = maxBackoff;
        this.batchLimit = maxBatch;
        this.backoff = initialBackoff;
        this.accepted = meters.counter("edgeplane.agent.events.sent", "outcome", "accepted");
        this.duplicates = meters.counter("edgeplane.agent.events.sent", "outcome", "duplicate");
        this.rejected = meters.counter("edgeplane.agent.events.dropped", "reason", "rejected");
        this.tooLarge = meters.counter("edgeplane.agent.events.dropped", "reason", "too.large");
        this.retries = meters.counter("edgeplane.agent.send.retries");
        this.sendDuration = meters.timer("edgeplane.agent.send.duration");
        this.thread = new Thread(this::run, "edgeplane-agent-sender");
        this.thread.setDaemon(true);
    }

    /** Starts the sender thread. */
    public void start() {
        thread.start();
    }

    private void run() {
        while (running) {
            try {
                List<PendingEvent> batch = buffer.awaitBatch(batchLimit, linger);
                if (!batch.isEmpty()) {
                    sendOnce(batch);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                // Keep the loop alive: the events stay buffered and the next attempt backs off.
                LOG.error("Sending a batch failed unexpectedly; the events stay buffered", e);
                sleepQuietly(backoff);
            }
        }
    }

    private void sendOnce(List<PendingEvent> batch) throws InterruptedException {
        long start = System.nanoTime();
        SendOutcome outcome = sender.send(batch);
        sendDuration.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);

        List<String> done = new ArrayList<>(outcome.acknowledged());
        for (SendOutcome.Rejection rejection : outcome.rejected()) {
            done.add(rejection.id());
            rejected.increment();
        }
        if (!outcome.rejected().isEmpty()) {
            SendOutcome.Rejection first = outcome.rejected().get(0);
            LOG.warn("The target rejected {} of {} events and they are dropped; first: event {} field {}: {}",
                    outcome.rejected().size(), batch.size(), first.id(), first.field(), first.reason());
        }
        buffer.remove(done);
        duplicates.increment(outcome.duplicates());
        accepted.increment(outcome.acknowledged().size() - outcome.duplicates());

        if (outcome.tooLarge()) {
            handleTooLarge(batch, outcome);
        } else if (outcome.retry()) {
            waitBeforeRetry(batch.size(), outcome);
        } else {
            recovered();
        }
    }

    private void handleTooLarge(List<PendingEvent> batch, SendOutcome outcome) {
        if (batch.size() == 1) {
            tooLarge.increment();
            buffer.remove(List.of(batch.get(0).id()));
            LOG.error("Event {} alone is too large for the target ({}); it is dropped", batch.get(0).id(), outcome.failure());
            return;
        }
        batchLimit = Math.max(1, batch.size() / 2);
        LOG.warn("{}; sending at most {} events per batch from now on", outcome.failure(), batchLimit);
    }

    private void waitBeforeRetry(int batchSize, SendOutcome outcome) throws InterruptedException {
        retries.increment();
        consecutiveFailures++;
        Duration wait = outcome.retryAfter() != null ? min(outcome.retryAfter(), maxBackoff) : backoff;
        if (outcome.retryAfter() == null) {
            backoff = min(backoff.multipliedBy(2), maxBackoff);
        }
        if (consecutiveFailures == 1) {
            LOG.warn("Sending {} events failed: {}; {} events stay buffered, retrying in {} ms", batchSize,
                    outcome.failure(), buffer.size(), wait.toMillis());
        } else {
            LOG.debug("Attempt {} failed: {}; retrying in {} ms", consecutiveFailures, outcome.failure(), wait.toMillis());
        }
        TimeUnit.MILLISECONDS.sleep(wait.toMillis());
    }

    private void recovered() {
        if (consecutiveFailures > 0) {
            LOG.info("Sending works again after {} failed attempts; {} events buffered", consecutiveFailures, buffer.size());
        }
        consecutiveFailures = 0;
        backoff = initialBackoff;
        if (batchLimit < maxBatch) {
            // Grow back slowly after a 413, so that one oversized batch does not shrink batches for good.
            batchLimit = Math.min(maxBatch, batchLimit + Math.max(1, batchLimit / 4));
        }
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private void sleepQuietly(Duration wait) {
        try {
            TimeUnit.MILLISECONDS.sleep(wait.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    /**
     * Sends what is buffered for up to {@code drainTimeout}, then stops the thread and closes the
     * sender. Events still buffered then are lost with the process; the count is logged.
     */
    public void close(Duration drainTimeout) {
        try {
            if (!buffer.awaitEmpty(drainTimeout)) {
                LOG.warn("{} events were not acknowledged within {} ms of shutdown and are lost", buffer.size(),
                        drainTimeout.toMillis());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        running = false;
        buffer.close();
        thread.interrupt();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        sender.close();
    }

    /** Stops at once, without waiting for buffered events to be sent. */
    @Override
    public void close() {
        close(Duration.ZERO);
    }
}
