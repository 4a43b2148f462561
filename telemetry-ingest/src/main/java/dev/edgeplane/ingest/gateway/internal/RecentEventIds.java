package dev.edgeplane.ingest.gateway.internal;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import dev.edgeplane.event.telemetry.TelemetrySource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The event ids produced within the dedup window, plus the ids being produced right now. Ids are
 * unique per source only, so every id is kept under its {@link #key source key}: two agents may
 * both send an event {@code 000001} and neither is a duplicate of the other.
 *
 * <p>A request reserves an id before it sends the event. The reservation is one of three: the id
 * was produced already (a duplicate), another request is producing it (wait for that outcome), or
 * this request may produce it. The producer callback then confirms the id, or releases it when the
 * send failed, so that a resend can try again. Ids are forgotten after the window, measured from
 * when they were confirmed, or when more than the maximum have been produced, oldest first.
 *
 * <p>One insertion-ordered map contains both kinds: a produced id maps to its confirm time, an id in
 * flight to {@link #IN_FLIGHT} or, once another request waits for it, to that request's future. So
 * a reservation and a confirmation each cost one hash operation, and a batch checks all its ids
 * under one lock. An id keeps the place of its reservation when it is confirmed; since a send ends
 * within the ack timeout, far shorter than the window, the map stays ordered by time closely
 * enough for expiry, and an id is at worst kept a little longer than its window.
 *
 * <p>All methods are synchronized and short; request threads and the producer's I/O thread call
 * them. Futures are completed outside the lock.
 */
public final class RecentEventIds {

    /** What {@link #reserve} found. */
    public enum Status {
        /** The id was produced within the window. */
        PRODUCED,
        /** Another send of the id is in progress; its future completes with whether it was produced. */
        IN_PROGRESS,
        /** The caller holds the id and must confirm or release it. */
        RESERVED
    }

    /**
     * Result of {@link #reserve}.
     *
     * @param status what was found
     * @param outcome for IN_PROGRESS, completes with true when the id was produced and false when
     *                its send failed; already true for PRODUCED; null for RESERVED
     */
    public record Reservation(Status status, CompletableFuture<Boolean> outcome) {
    }

    private static final Logger log = LoggerFactory.getLogger(RecentEventIds.class);
    private static final long WARN_INTERVAL_MS = 60_000;

    private static final Reservation PRODUCED = new Reservation(Status.PRODUCED, CompletableFuture.completedFuture(true));
    private static final Reservation RESERVED = new Reservation(Status.RESERVED, null);

    /** Value of an id in flight that no other request waits for yet. */
    private static final Object IN_FLIGHT = new Object();

    private final long windowMs;
    private final int maxIds;
    /** Id to its confirm time (a Long), or to IN_FLIGHT, or to the future that waiters hold. */
    private final LinkedHashMap<String, Object> ids = new LinkedHashMap<>();
    private int inFlight;
    /** Produced ids forgotten before their window ended because the maximum was reached. */
    private long evictedEarly;
    /** Latest confirm time seen, the clock for the ages below. */
    private long latestConfirmMs = Long.MIN_VALUE;
    /** Age of the last id forgotten early, measured from the latest confirm time, or -1 when none was. */
    private long forgottenAgeMs = -1;
    private long lastWarnMs = Long.MIN_VALUE;

    /**
     * @param windowMs how long an id is remembered after it was produced, in milliseconds
     * @param maxIds   most produced ids remembered
     */
    public RecentEventIds(long windowMs, int maxIds) {
        this.windowMs = windowMs;
        this.maxIds = maxIds;
    }

    /**
     * Returns the key under which an event id of {@code source} is kept: the source's kind and id,
     * then the event id, joined by characters that no valid source id or event id contains.
     *
     * @param source the source as {@link #sourceText} gives it
     */
    public static String key(String source, String eventId) {
        return source + '\u0000' + eventId;
    }

    /** Returns {@code source} as text, the form stored in the source header of each produced record. */
    public static String sourceText(TelemetrySource source) {
        return source.getKind().name() + '/' + source.getId();
    }

    /** Returns whether {@code key} was produced within the window. */
    public synchronized boolean wasProduced(String key, long nowMs) {
        expire(nowMs);
        return ids.get(key) instanceof Long;
    }

    /** Returns, for each event of {@code source}, whether its id was produced within the window; one lock for all. */
    public synchronized boolean[] wereProduced(String source, List<Candidate> events, long nowMs) {
        expire(nowMs);
        boolean[] produced = new boolean[events.size()];
        for (int i = 0; i < produced.length; i++) {
            produced[i] = ids.get(key(source, events.get(i).id())) instanceof Long;
        }
        return produced;
    }

    /** Reserves {@code key} for sending, unless it was produced or is being produced. */
    public synchronized Reservation reserve(String key, long nowMs) {
        expire(nowMs);
        return reserve(key);
    }

    /**
     * Reserves the ids of {@code events} of {@code source} in order, as {@link #reserve(String, long)}
     * does; one lock for all.
     */
    public synchronized Reservation[] reserveAll(String source, List<Candidate> events, long nowMs) {
        expire(nowMs);
        Reservation[] reservations = new Reservation[events.size()];
        for (int i = 0; i < reservations.length; i++) {
            reservations[i] = reserve(key(source, events.get(i).id()));
        }
        return reservations;
    }

    @SuppressWarnings("unchecked")
    private Reservation reserve(String id) {
        Object previous = ids.putIfAbsent(id, IN_FLIGHT);
        if (previous == null) {
            inFlight++;
            evictOverflow();
            return RESERVED;
        }
        if (previous instanceof Long) {
            return PRODUCED;
        }
        if (previous == IN_FLIGHT) {
            CompletableFuture<Boolean> outcome = new CompletableFuture<>();
            ids.put(id, outcome);
            return new Reservation(Status.IN_PROGRESS, outcome);
        }
        return new Reservation(Status.IN_PROGRESS, (CompletableFuture<Boolean>) previous);
    }

    /** Marks a reserved key as produced at {@code timeMs} and completes its waiters' future with true. */
    public void confirm(String key, long timeMs) {
        Object previous;
        synchronized (this) {
            previous = ids.put(key, timeMs);
            latestConfirmMs = Math.max(latestConfirmMs, timeMs);
            if (previous != null && !(previous instanceof Long)) {
                inFlight--;
            }
            evictOverflow();
        }
        complete(previous, true);
    }

    /** Gives up a reserved key whose send failed or was not made, and completes its waiters' future with false. */
    public void release(String key) {
        Object previous;
        synchronized (this) {
            previous = ids.get(key);
            if (previous == null || previous instanceof Long) {
                return;
            }
            ids.remove(key);
            inFlight--;
        }
        complete(previous, false);
    }

    @SuppressWarnings("unchecked")
    private static void complete(Object value, boolean produced) {
        if (value instanceof CompletableFuture<?> outcome) {
            ((CompletableFuture<Boolean>) outcome).complete(produced);
        }
    }

    /** Adds a key read back from Kafka at start, produced at {@code timeMs}. */
    public synchronized void restore(String key, long timeMs) {
        // Removing first moves a re-read key to the end, so that the map stays ordered by time.
        ids.remove(key);
        ids.put(key, timeMs);
        latestConfirmMs = Math.max(latestConfirmMs, timeMs);
        evictOverflow();
    }

    /**
     * Returns how many produced ids were forgotten before their window ended because more than the
     * maximum were produced within it; a resend of one of them would be produced again.
     */
    public synchronized long evictedEarly() {
        return evictedEarly;
    }

    /**
     * Returns how long before the latest confirmation the id most recently forgotten early had been
     * confirmed, in milliseconds: the time for which the gateway really remembers ids while the
     * maximum is the limit. Returns -1 when no id was forgotten early.
     */
    public synchronized long forgottenAgeMs() {
        return forgottenAgeMs;
    }

    /** Returns the number of ids remembered as produced. */
    public synchronized int size() {
        return ids.size() - inFlight;
    }

    /** Forgets the oldest produced ids beyond the maximum; ids in flight stay until they end. */
    private void evictOverflow() {
        if (ids.size() - inFlight <= maxIds) {
            return;
        }
        Iterator<Object> oldest = ids.values().iterator();
        while (ids.size() - inFlight > maxIds && oldest.hasNext()) {
            if (oldest.next() instanceof Long confirmedMs) {
                oldest.remove();
                evictedEarly++;
                forgottenAgeMs = Math.max(0, latestConfirmMs - confirmedMs);
            }
        }
        if (forgottenAgeMs >= 0 && forgottenAgeMs < windowMs && latestConfirmMs - lastWarnMs >= WARN_INTERVAL_MS) {
            lastWarnMs = latestConfirmMs;
            log.warn("Event id dedup is full: it forgets ids {} ms after they were produced, before the {} ms window"
                    + " ends, so an event resent later than that is produced twice ({} ids forgotten early so far)."
                    + " Raise ingest.dedup.max.ids (now {}) to the events per second times the window in seconds,"
                    + " or lower ingest.dedup.window.ms.", forgottenAgeMs, windowMs, evictedEarly, maxIds);
        }
    }

    private void expire(long nowMs) {
        Iterator<Map.Entry<String, Object>> entries = ids.entrySet().iterator();
        while (entries.hasNext()) {
            if (!(entries.next().getValue() instanceof Long confirmedMs) || confirmedMs >= nowMs - windowMs) {
                return;
            }
            entries.remove();
        }
    }
}
