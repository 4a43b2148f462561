package dev.edgeplane.ingest.gateway.internal;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import dev.edgeplane.event.deadletter.FailedStage;
import dev.edgeplane.event.telemetry.TelemetrySource;
import dev.edgeplane.ingest.gateway.IngestGatewayConfig;
import dev.edgeplane.schemas.deadletter.DeadLetters;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes a parsed batch from either endpoint through dedup, validation, admission and production,
 * and waits on the calling request thread until Kafka has acknowledged every event or the ack
 * timeout passed. Thread-safe: many request threads call {@link #process} at once.
 *
 * <p>Admission: at most {@code ingest.max.pending.events} events may wait for Kafka at once. A
 * batch that does not fit is answered 429 as a whole and nothing of it is produced, so the sender
 * can resend the same batch unchanged.
 */
public final class BatchProcessor {

    private static final Logger log = LoggerFactory.getLogger(BatchProcessor.class);

    private final IngestGatewayConfig config;
    private final EventValidator validator;
    private final RecentEventIds ids;
    private final EventPublisher publisher;
    private final GatewayMetrics metrics;
    private final Clock clock;
    private final Semaphore pendingPermits;
    private final RateLimitedWarning rejectionWarning = new RateLimitedWarning(log, 10_000);
    private final RateLimitedWarning deadLetterWarning = new RateLimitedWarning(log, 10_000);

    public BatchProcessor(IngestGatewayConfig config, EventValidator validator, RecentEventIds ids,
            EventPublisher publisher, GatewayMetrics metrics, Clock clock) {
        this.config = config;
        this.validator = validator;
        this.ids = ids;
        this.publisher = publisher;
        this.metrics = metrics;
        this.clock = clock;
        this.pendingPermits = new Semaphore(config.maxPendingEvents());
    }

    /** Returns the events handed to Kafka and not yet acknowledged. */
    public int pendingEvents() {
        return config.maxPendingEvents() - pendingPermits.availablePermits();
    }

    /** Processes {@code batch}, received at {@code receiveTimeMs}. Blocks up to the ack timeout. */
    public BatchAnswer process(ParsedBatch batch, String endpoint, long receiveTimeMs) {
        List<Rejection> rejected = new ArrayList<>(batch.rejections());
        int duplicates = 0;
        List<Candidate> valid = new ArrayList<>(batch.candidates().size());
        List<Long> originalTimes = new ArrayList<>(batch.candidates().size());
        // One copy per batch: the events only read it, and a copy per event costs a deep copy each.
        TelemetrySource source = TelemetrySource.newBuilder(batch.source()).build();
        // A resend of a produced event is a duplicate even if it would now fail the skew check.
        String sourceText = RecentEventIds.sourceText(source);
        boolean[] produced = ids.wereProduced(sourceText, batch.candidates(), receiveTimeMs);
        for (int i = 0; i < produced.length; i++) {
            Candidate candidate = batch.candidates().get(i);
            if (produced[i]) {
                duplicates++;
                continue;
            }
            EventValidator.Verdict verdict = validator.validate(candidate, receiveTimeMs);
            if (verdict.rejection() != null) {
                rejected.add(verdict.rejection());
                continue;
            }
            stamp(candidate, source, receiveTimeMs);
            valid.add(candidate);
            originalTimes.add(verdict.originalEventTimeMs());
        }

        if (!valid.isEmpty() && !pendingPermits.tryAcquire(valid.size())) {
            return finish(endpoint, batch.source(), new BatchAnswer(429, 0, 0, sorted(rejected), "The gateway has "
                    + pendingEvents() + " events waiting for Kafka, and this batch's " + valid.size() + " would exceed "
                    + IngestGatewayConfig.MAX_PENDING_EVENTS + " = " + config.maxPendingEvents()
                    + "; resend the batch after the Retry-After delay."));
        }

        long deadlineNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(config.ackTimeoutMs());
        RecentEventIds.Reservation[] reservations = ids.reserveAll(sourceText, valid, receiveTimeMs);
        Sends sent = send(valid, sourceText, reservations, originalTimes, receiveTimeMs, deadlineNanos);
        PendingSends sends = sent.pending();
        int[] slots = sent.slots();
        try {
            sends.await(deadlineNanos);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }

        int accepted = 0;
        int[] acceptedByType = new int[EventType.values().length];
        boolean unavailable = false;
        for (int i = 0; i < valid.size(); i++) {
            Candidate event = valid.get(i);
            if (slots[i] < 0) {
                if (Boolean.TRUE.equals(await(reservations[i].outcome(), deadlineNanos))) {
                    duplicates++;
                } else {
                    unavailable = true;
                    rejected.add(rejection(event, RejectCode.KAFKA_UNAVAILABLE, "Another send of this event id did not"
                            + " reach Kafka in time; resend the event."));
                }
                continue;
            }
            EventPublisher.Outcome outcome = sends.outcome(slots[i]);
            if (outcome != null && outcome.result() == EventPublisher.Result.PRODUCED) {
                accepted++;
                acceptedByType[event.type().ordinal()]++;
            } else if (outcome == null || outcome.result() == EventPublisher.Result.UNAVAILABLE) {
                unavailable = true;
                String cause = outcome == null ? "no acknowledgement within " + IngestGatewayConfig.ACK_TIMEOUT_MS + " = "
                        + config.ackTimeoutMs() + " ms" : outcome.error().toString();
                rejected.add(rejection(event, RejectCode.KAFKA_UNAVAILABLE, "Kafka did not acknowledge the event ("
                        + cause + "); resend it after the Retry-After delay."));
            } else {
                rejected.add(deadLetter(event, receiveTimeMs, outcome, deadlineNanos));
            }
        }

        for (EventType type : EventType.values()) {
            if (acceptedByType[type.ordinal()] > 0) {
                metrics.accepted(endpoint, type, acceptedByType[type.ordinal()]);
            }
        }

        int status = unavailable ? 503 : accepted + duplicates == 0 && !rejected.isEmpty() ? 400 : 200;
        deadLetterRejected(endpoint, batch.source(), rejected, receiveTimeMs);
        return finish(endpoint, batch.source(), new BatchAnswer(status, accepted, duplicates, sorted(rejected),
                unavailable ? "Kafka did not acknowledge every event; resend the batch after the Retry-After delay."
                        + " Events already produced will be answered as duplicates." : null));
    }

    /**
     * The sends of one batch: their outcomes, and each valid event's slot among them, or -1 when
     * the event's id was not reserved because another request produced it or is producing it.
     */
    private record Sends(PendingSends pending, int[] slots) {
    }

    private Sends send(List<Candidate> valid, String source, RecentEventIds.Reservation[] reservations,
            List<Long> originalTimes, long receiveTimeMs, long deadlineNanos) {
        int reserved = 0;
        for (RecentEventIds.Reservation reservation : reservations) {
            reserved += reservation.status() == RecentEventIds.Status.RESERVED ? 1 : 0;
        }
        PendingSends pending = new PendingSends(reserved, pendingPermits);
        int[] slots = new int[valid.size()];
        int slot = 0;
        boolean producerBlocked = false;
        for (int i = 0; i < valid.size(); i++) {
            Candidate event = valid.get(i);
            if (reservations[i].status() != RecentEventIds.Status.RESERVED) {
                pendingPermits.release();
                slots[i] = -1;
                continue;
            }
            slots[i] = slot;
            // A send blocks for up to max.block.ms while Kafka is unreachable. After one such failure,
            // or past the deadline, the rest of the batch is not sent, so the answer stays within the
            // ack timeout instead of growing with the batch size.
            if (producerBlocked || System.nanoTime() > deadlineNanos) {
                publisher.skip(event, source, "the producer could not send within the ack timeout", pending, slot);
            } else {
                publisher.send(event, source, receiveTimeMs, originalTimes.get(i), pending, slot);
                EventPublisher.Outcome outcome = pending.outcome(slot);
                producerBlocked |= outcome != null && outcome.result() == EventPublisher.Result.UNAVAILABLE;
            }
            slot++;
        }
        return new Sends(pending, slots);
    }

    private static void stamp(Candidate candidate, TelemetrySource source, long receiveTimeMs) {
        candidate.record().put(candidate.type().receiveTimePosition(), java.time.Instant.ofEpochMilli(receiveTimeMs));
        candidate.record().put(candidate.type().sourcePosition(), source);
    }

    private Rejection deadLetter(Candidate event, long receiveTimeMs, EventPublisher.Outcome outcome, long deadlineNanos) {
        boolean serialization = outcome.result() == EventPublisher.Result.SERIALIZATION_FAILED;
        RejectCode code = serialization ? RejectCode.SERIALIZATION_FAILED : RejectCode.KAFKA_REJECTED;
        String where;
        try {
            publisher.deadLetter(event, receiveTimeMs, serialization ? FailedStage.SERIALIZATION : FailedStage.PROCESSING,
                    outcome.error()).get(Math.max(1, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
            metrics.deadLetter("written");
            where = "it was written to the dead-letter topic " + DeadLetters.TOPIC;
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            metrics.deadLetter("failed");
            log.error("Event {} failed after acceptance ({}) and writing its dead letter to {} failed too", event.id(),
                    outcome.error().toString(), DeadLetters.TOPIC, e);
            where = "writing it to the dead-letter topic failed too (" + e + ")";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            where = "the gateway was interrupted while writing it to the dead-letter topic";
        }
        log.warn("Event {} of type {} failed after acceptance: {}; {}", event.id(), event.type().wireName(),
                outcome.error().toString(), where);
        return rejection(event, code, "The event passed validation but " + (serialization ? "serializing" : "producing")
                + " it failed (" + outcome.error() + "); " + where + ". Resending it will fail the same way.");
    }

    private static Rejection rejection(Candidate event, RejectCode code, String reason) {
        return new Rejection(event.index(), event.id(), null, null, code, reason);
    }

    private static <T> T await(CompletableFuture<T> future, long deadlineNanos) {
        try {
            return future.get(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException | ExecutionException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /**
     * Writes a dead letter for each item that failed the checks, so that bad input is kept with its
     * reason beside the answer the sender gets. Items Kafka was only late for are left out, since the
     * sender resends them, and so are items dead-lettered when they failed after acceptance. A batch
     * answered 429 as a whole gets none: the sender resends it, and its items are judged then.
     * Does not block; a dead letter that cannot be written is counted and logged.
     */
    private void deadLetterRejected(String endpoint, TelemetrySource source, List<Rejection> rejected,
            long receiveTimeMs) {
        String origin = origin(endpoint);
        for (Rejection rejection : rejected) {
            if (rejection.code().resendable() || rejection.code().failedAfterAcceptance()) {
                continue;
            }
            try {
                publisher.deadLetter(origin, source, rejection, receiveTimeMs, error -> {
                    metrics.deadLetter(error == null ? "written" : "failed");
                    if (error != null) {
                        deadLetterWarning.maybeWarn("Could not write the dead letter of rejected item {} from {} {} to {}:"
                                + " {}", rejection.index(), source.getKind(), source.getId(), DeadLetters.TOPIC,
                                error.toString());
                    }
                });
            } catch (RuntimeException e) {
                metrics.deadLetter("failed");
                deadLetterWarning.maybeWarn("Could not write the dead letter of rejected item {} from {} {} to {}: {}",
                        rejection.index(), source.getKind(), source.getId(), DeadLetters.TOPIC, e.toString());
            }
        }
    }

    /**
     * Writes a dead letter for a request body that is not a batch at all and failed with HTTP 400 as
     * a whole, so an operator sees it without the sender's logs. Does not block. A dead letter that
     * cannot be written is counted and logged.
     */
    public void deadLetterInvalidBody(String endpoint, String sender, byte[] body, BatchFormatException error,
            long receiveTimeMs) {
        try {
            publisher.deadLetter(origin(endpoint), sender, body, !GatewayMetrics.REMOTE_WRITE.equals(endpoint), error,
                    receiveTimeMs, sendError -> {
                        metrics.deadLetter(sendError == null ? "written" : "failed");
                        if (sendError != null) {
                            deadLetterWarning.maybeWarn("Could not write the dead letter of an invalid body from {} to {}:"
                                    + " {}", sender, DeadLetters.TOPIC, sendError.toString());
                        }
                    });
        } catch (RuntimeException e) {
            metrics.deadLetter("failed");
            deadLetterWarning.maybeWarn("Could not write the dead letter of an invalid body from {} to {}: {}", sender,
                    DeadLetters.TOPIC, e.toString());
        }
    }

    private static String origin(String endpoint) {
        return "HTTP POST " + (GatewayMetrics.REMOTE_WRITE.equals(endpoint) ? GatewayRoutes.REMOTE_WRITE_PATH
                : GatewayRoutes.TELEMETRY_PATH);
    }

    private BatchAnswer finish(String endpoint, TelemetrySource source, BatchAnswer answer) {
        metrics.request(endpoint, answer.status());
        for (Rejection rejection : answer.rejected()) {
            metrics.rejected(endpoint, rejection.code());
        }
        if (answer.duplicates() > 0) {
            metrics.duplicates(endpoint, answer.duplicates());
        }
        if (!answer.rejected().isEmpty()) {
            Rejection first = answer.rejected().get(0);
            rejectionWarning.maybeWarn("Rejected {} of the events from {} {} on the {} endpoint; the first, index {}, with"
                    + " {}: {}", answer.rejected().size(), source.getKind(), source.getId(), endpoint, first.index(),
                    first.code().code(), first.reason());
        }
        return answer;
    }

    private static List<Rejection> sorted(List<Rejection> rejected) {
        rejected.sort(Comparator.comparingInt(Rejection::index));
        return rejected;
    }
}
