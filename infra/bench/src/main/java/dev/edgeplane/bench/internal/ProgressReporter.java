package dev.edgeplane.bench.internal;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/** Prints a progress line at most once per interval while records are produced or consumed. Not thread-safe. */
public final class ProgressReporter {

    private static final long INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(2);

    private final PrintWriter out;
    private final String verb;
    private final long total;
    private final long startNanos;
    private long lastReportNanos;

    /**
     * Creates a reporter whose clock starts now.
     *
     * @param out   receives the lines; {@code null} reports nothing
     * @param verb  past tense of the work, e.g. {@code produced}
     * @param total records the run will process
     */
    public ProgressReporter(PrintWriter out, String verb, long total) {
        this.out = out;
        this.verb = verb;
        this.total = total;
        this.startNanos = System.nanoTime();
        this.lastReportNanos = startNanos;
    }

    /** Prints a line if an interval has passed since the last one. */
    public void maybeReport(long done) {
        if (out == null) {
            return;
        }
        long now = System.nanoTime();
        if (now - lastReportNanos < INTERVAL_NANOS) {
            return;
        }
        lastReportNanos = now;
        double seconds = (now - startNanos) / 1e9;
        out.printf(Locale.ROOT, "  %s %,d of %,d records (%.0f%%), %,.0f records/s%n", verb, done, total, 100.0 * done / total,
                done / seconds);
        out.flush();
    }
}
