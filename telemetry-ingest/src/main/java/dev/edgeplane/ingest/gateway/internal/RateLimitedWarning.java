package dev.edgeplane.ingest.gateway.internal;

import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;

/**
 * Logs at most one WARN per interval and says how many were left out since the last one, so that a
 * sender that keeps failing cannot flood the log. Thread-safe.
 */
final class RateLimitedWarning {

    private final Logger log;
    private final long intervalNanos;
    private final AtomicLong nextNanos = new AtomicLong(Long.MIN_VALUE);
    private final AtomicLong suppressed = new AtomicLong();

    RateLimitedWarning(Logger log, long intervalMs) {
        this.log = log;
        this.intervalNanos = intervalMs * 1_000_000;
    }

    /** Logs the message unless another was logged within the interval. */
    void maybeWarn(String format, Object... arguments) {
        long now = System.nanoTime();
        long next = nextNanos.get();
        if ((next != Long.MIN_VALUE && now - next < 0) || !nextNanos.compareAndSet(next, now + intervalNanos)) {
            suppressed.incrementAndGet();
            return;
        }
        long left = suppressed.getAndSet(0);
        log.warn(left == 0 ? format : format + " (" + left + " similar warnings left out)", arguments);
    }
}
