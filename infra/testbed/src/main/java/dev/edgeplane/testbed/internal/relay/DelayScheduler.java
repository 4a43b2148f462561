package dev.edgeplane.testbed.internal.relay;

import java.util.PriorityQueue;
import java.util.concurrent.locks.LockSupport;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs actions at given {@link System#nanoTime} instants on one thread of its own. It parks until
 * the earliest one is due, because a selector's timeout has millisecond steps while the emulated
 * delays need sub-millisecond precision. Actions that share an instant run in the order they were
 * scheduled. {@link #schedule} may be called from any thread; actions must not block.
 */
final class DelayScheduler implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(DelayScheduler.class);

    private record Entry(long dueNanos, long sequence, Runnable action) {
    }

    private final PriorityQueue<Entry> queue = new PriorityQueue<>((a, b) -> a.dueNanos() != b.dueNanos()
            ? Long.compare(a.dueNanos(), b.dueNanos()) : Long.compare(a.sequence(), b.sequence()));
    private final Thread thread;
    private long sequence;
    private volatile boolean running = true;

    DelayScheduler(String name) {
        thread = new Thread(this::run, name);
        thread.setDaemon(true);
        thread.start();
    }

    /** Runs {@code action} on the scheduler's thread at {@code dueNanos} (System.nanoTime), or at once if past. */
    void schedule(long dueNanos, Runnable action) {
        boolean earliest;
        synchronized (queue) {
            queue.add(new Entry(dueNanos, sequence++, action));
            earliest = queue.peek().sequence() == sequence - 1;
        }
        if (earliest) {
            LockSupport.unpark(thread);
        }
    }

    private void run() {
        while (running) {
            Entry next;
            synchronized (queue) {
                next = queue.peek();
                if (next != null && next.dueNanos() - System.nanoTime() <= 0) {
                    queue.poll();
                } else {
                    next = next == null ? null : new Entry(next.dueNanos(), -1, null);
                }
            }
            if (next == null) {
                LockSupport.park(this);
            } else if (next.action() == null) {
                LockSupport.parkNanos(this, next.dueNanos() - System.nanoTime());
            } else {
                try {
                    next.action().run();
                } catch (RuntimeException e) {
                    log.warn("A delayed relay action failed; the relay goes on", e);
                }
            }
        }
    }

    @Override
    public void close() {
        running = false;
        LockSupport.unpark(thread);
    }
}
