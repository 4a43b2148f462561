package dev.edgeplane.ingest.gateway.internal;

import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The event ids produced within the dedup window, plus the ids being produced right now.
 *
 * <p>A request reserves an id before it sends the event. The reservation is one of three: the id
 * was produced already (a duplicate), another request is producing it (wait for that outcome), or
 * this request may produce it. The producer callback then confirms the id, or releases it when the
 * send failed, so that a resend can try again. Ids are forgotten after the window, measured from
 * when they were confirmed, or when more than the maximum are held, oldest first.
 *
 * <p>All methods are synchronized and short; request threads and the producer's I/O thread call
 * them.
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
     * @param outcome completes with true when the id was produced and false when its send failed;
     *                already true for PRODUCED
     */
    public record Reservation(Status status, CompletableFuture<Boolean> outcome) {
    }

    private static final CompletableFuture<Boolean> PRODUCED_ALREADY = CompletableFuture.completedFuture(true);

    private final long windowMs;
    private final int maxIds;
    private final LinkedHashMap<String, Long> produced = new LinkedHashMap<>();
    private final Map<String, CompletableFuture<Boolean>> inProgress = new HashMap<>();

    /**
     * @param windowMs how long an id is remembered after it was produced, in milliseconds
     * @param maxIds   most ids remembered
     */
    public RecentEventIds(long windowMs, int maxIds) {
        this.windowMs = windowMs;
        this.maxIds = maxIds;
    }

    /** Returns whether {@code id} was produced within the window. */
    public synchronized boolean wasProduced(String id, long nowMs) {
        expire(nowMs);
        return produced.containsKey(id);
    }

    /** Reserves {@code id} for sending, unless it was produced or is being produced. */
    public synchronized Reservation reserve(String id, long nowMs) {
        expire(nowMs);
        if (produced.containsKey(id)) {
            return new Reservation(Status.PRODUCED, PRODUCED_ALREADY);
        }
        CompletableFuture<Boolean> pending = inProgress.get(id);
        if (pending != null) {
            return new Reservation(Status.IN_PROGRESS, pending);
        }
        CompletableFuture<Boolean> outcome = new CompletableFuture<>();
        inProgress.put(id, outcome);
        return new Reservation(Status.RESERVED, outcome);
    }

    /** Marks a reserved id as produced at {@code timeMs} and completes its outcome with true. */
    public void confirm(String id, long timeMs) {
        CompletableFuture<Boolean> outcome;
        synchronized (this) {
            outcome = inProgress.remove(id);
            remember(id, timeMs);
        }
        if (outcome != null) {
            outcome.complete(true);
        }
    }

    /** Gives up a reserved id whose send failed and completes its outcome with false. */
    public void release(String id) {
        CompletableFuture<Boolean> outcome;
        synchronized (this) {
            outcome = inProgress.remove(id);
        }
        if (outcome != null) {
            outcome.complete(false);
        }
    }

    /** Adds an id read back from Kafka at start, produced at {@code timeMs}. */
    public synchronized void restore(String id, long timeMs) {
        remember(id, timeMs);
    }

    /** Returns the number of ids remembered as produced. */
    public synchronized int size() {
        return produced.size();
    }

    private void remember(String id, long timeMs) {
        // Re-inserting moves the id to the end, so that the map stays ordered by time.
        produced.remove(id);
        produced.put(id, timeMs);
        while (produced.size() > maxIds) {
            Iterator<String> oldest = produced.keySet().iterator();
            oldest.next();
            oldest.remove();
        }
    }

    private void expire(long nowMs) {
        Iterator<Map.Entry<String, Long>> entries = produced.entrySet().iterator();
        while (entries.hasNext()) {
            if (entries.next().getValue() >= nowMs - windowMs) {
                return;
            }
            entries.remove();
        }
    }
}
