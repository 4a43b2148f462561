package dev.edgeplane.kafka.health;

/**
 * The reachability state behind {@link BrokerHealthCheck}'s log lines: which check result is a loss,
 * a repeat warning or a recovery. Apart from the check so the rate limit is testable without a
 * clock or a log. Thread-safe: every method is synchronized.
 */
final class BrokerReachability {

    /** Effect of a check result on the log. */
    enum Kind {
        /** Nothing to log. */
        NONE,
        /** The first failure after success. */
        LOST,
        /** A failure after the warn interval since the last warning. */
        STILL_LOST,
        /** The first success after failures. */
        BACK
    }

    /** A change with how long the cluster has been unreachable and how many checks failed. */
    record Change(Kind kind, long downMs, long failedChecks) {
    }

    private final long warnIntervalMs;
    private boolean reachable = true;
    private long downSinceMs;
    private long lastWarningMs;
    private long failedChecks;

    BrokerReachability(long warnIntervalMs) {
        this.warnIntervalMs = warnIntervalMs;
    }

    synchronized boolean isReachable() {
        return reachable;
    }

    synchronized Change failed(long nowMs) {
        failedChecks++;
        if (reachable) {
            reachable = false;
            downSinceMs = nowMs;
            lastWarningMs = nowMs;
            return new Change(Kind.LOST, 0, failedChecks);
        }
        if (nowMs - lastWarningMs >= warnIntervalMs) {
            lastWarningMs = nowMs;
            return new Change(Kind.STILL_LOST, nowMs - downSinceMs, failedChecks);
        }
        return new Change(Kind.NONE, nowMs - downSinceMs, failedChecks);
    }

    synchronized Change reached(long nowMs) {
        if (reachable) {
            return new Change(Kind.NONE, 0, 0);
        }
        Change back = new Change(Kind.BACK, nowMs - downSinceMs, failedChecks);
        reachable = true;
        failedChecks = 0;
        return back;
    }
}
