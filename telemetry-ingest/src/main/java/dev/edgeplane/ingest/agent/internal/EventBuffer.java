package dev.edgeplane.ingest.agent.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import org.apache.avro.specific.SpecificRecord;

/**
 * Bounded buffer of events that are not acknowledged yet, oldest first. When full, adding an event
 * drops the oldest one and counts it. An event leaves only when {@link #remove} is called with its
 * id, after the gateway or Kafka acknowledged or rejected it, so a failed send keeps it for the
 * next attempt.
 *
 * <p>Thread-safe: producers of events call {@link #add}; one sender thread calls
 * {@link #awaitBatch} and {@link #remove}.
 */
public final class EventBuffer {

    private final int capacity;
    private final String agentId;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition notEmpty = lock.newCondition();
    private final Condition emptied = lock.newCondition();
    private final LinkedHashMap<String, PendingEvent> events = new LinkedHashMap<>();
    private long nextSequence;
    private long dropped;
    private boolean closed;

    /**
     * @param capacity      most events kept
     * @param agentId       first part of every event id
     * @param firstSequence sequence number of the first event. The agent starts it at its start
     *                      time in microseconds, so ids stay unique across restarts while the agent
     *                      averages under one million events per second and its clock does not step back
     */
    public EventBuffer(int capacity, String agentId, long firstSequence) {
        if (capacity < 1) {
            throw new IllegalArgumentException("Invalid buffer capacity " + capacity + ": it must be at least 1.");
        }
        this.capacity = capacity;
        this.agentId = agentId;
        this.nextSequence = firstSequence;
    }

    /** Gives the record an id and keeps it, dropping the oldest event when full. Returns the new event. */
    public PendingEvent add(SpecificRecord record) {
        lock.lock();
        try {
            PendingEvent event = new PendingEvent(agentId + ":" + nextSequence++, record);
            if (events.size() >= capacity) {
                Iterator<String> oldest = events.keySet().iterator();
                oldest.next();
                oldest.remove();
                dropped++;
            }
            events.put(event.id(), event);
            notEmpty.signalAll();
            return event;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Returns up to {@code maxEvents} of the oldest events, without removing them. Waits until an
     * event is buffered, then until {@code maxEvents} are or {@code linger} has passed; returns at
     * once when the buffer is closed. Returns an empty list only when closed.
     *
     * @throws InterruptedException if the thread is interrupted while waiting
     */
    public List<PendingEvent> awaitBatch(int maxEvents, Duration linger) throws InterruptedException {
        lock.lock();
        try {
            while (!closed && events.isEmpty()) {
                notEmpty.await();
            }
            long deadline = System.nanoTime() + linger.toNanos();
            while (!closed && events.size() < maxEvents) {
                long remaining = deadline - System.nanoTime();
                if (remaining <= 0) {
                    break;
                }
                notEmpty.awaitNanos(remaining);
            }
            List<PendingEvent> batch = new ArrayList<>(Math.min(maxEvents, events.size()));
            for (PendingEvent event : events.values()) {
                if (batch.size() == maxEvents) {
                    break;
                }
                batch.add(event);
            }
            return batch;
        } finally {
            lock.unlock();
        }
    }

    /** Removes the events with these ids; ids no longer buffered, because they were dropped, are skipped. */
    public void remove(Collection<String> ids) {
        lock.lock();
        try {
            for (String id : ids) {
                events.remove(id);
            }
            if (events.isEmpty()) {
                emptied.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Returns the number of buffered events. */
    public int size() {
        lock.lock();
        try {
            return events.size();
        } finally {
            lock.unlock();
        }
    }

    /** Returns the number of events dropped because the buffer was full. */
    public long dropped() {
        lock.lock();
        try {
            return dropped;
        } finally {
            lock.unlock();
        }
    }

    /** Wakes a waiting {@link #awaitBatch} and makes further waits return at once. Keeps the events. */
    public void close() {
        lock.lock();
        try {
            closed = true;
            notEmpty.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Waits up to {@code timeout} for the buffer to empty; returns whether it did. */
    public boolean awaitEmpty(Duration timeout) throws InterruptedException {
        long remaining = timeout.toNanos();
        lock.lock();
        try {
            while (!events.isEmpty()) {
                if (remaining <= 0) {
                    return false;
                }
                remaining = emptied.awaitNanos(remaining);
            }
            return true;
        } finally {
            lock.unlock();
        }
    }
}
