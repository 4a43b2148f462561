package dev.edgeplane.demo.timeline;

import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Prints a run as it happens: one timestamped line per timeline event, and a progress line
 * whenever {@code progressInterval} passes with nothing printed, saying what the run waits for and
 * how long it has waited, so the console is never silent. Thread-safe; the caller closes it.
 *
 * <p>Line format: wall-clock time, seconds since the timeline started, the event kind, the message.
 */
public final class ConsolePrinter implements AutoCloseable {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS", Locale.ROOT);

    private final PrintWriter out;
    private final Timeline timeline;
    private final Duration progressInterval;
    private final DateTimeFormatter time;
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "console-progress");
        thread.setDaemon(true);
        return thread;
    });
    private Instant lastPrinted;
    private String waitingFor;
    private Instant waitingSince;
    private Supplier<String> status = () -> "";

    /**
     * Creates a printer and starts printing the timeline's events. Returns at once.
     *
     * @param out where lines go; the printer flushes it after each line and does not close it
     * @param zone time zone of the printed wall-clock times
     */
    public ConsolePrinter(PrintWriter out, Timeline timeline, Duration progressInterval, ZoneId zone) {
        if (progressInterval == null || progressInterval.isNegative() || progressInterval.isZero()) {
            throw new IllegalArgumentException("Invalid progressInterval " + progressInterval + ": give a positive duration");
        }
        this.out = out;
        this.timeline = timeline;
        this.progressInterval = progressInterval;
        this.time = TIME.withZone(zone);
        this.lastPrinted = timeline.clock().instant();
        timeline.addListener(this::print);
        long tickMillis = Math.max(50, progressInterval.toMillis() / 4);
        ticker.scheduleWithFixedDelay(this::maybePrintProgress, tickMillis, tickMillis, TimeUnit.MILLISECONDS);
    }

    /** Declares what the run waits for now; progress lines name it until {@link #doneWaiting}. */
    public synchronized void waitingFor(String what) {
        waitingFor = what;
        waitingSince = timeline.clock().instant();
    }

    /** Ends the current wait. */
    public synchronized void doneWaiting() {
        waitingFor = null;
        waitingSince = null;
    }

    /** Sets a supplier of a short status text appended to progress lines, such as request counts. */
    public synchronized void setStatus(Supplier<String> status) {
        this.status = status;
    }

    /** Prints a line as it is, such as a line of the summary. */
    public synchronized void println(String line) {
        out.println(line);
        out.flush();
        lastPrinted = timeline.clock().instant();
    }

    /** Formats an event as the printer prints it. */
    public String format(TimelineEvent event) {
        double seconds = Duration.between(timeline.started(), event.time()).toMillis() / 1000.0;
        return String.format(Locale.ROOT, "%s %+8.1f s  %-14s %s", time.format(event.time()), seconds,
                event.kind().name(), event.message());
    }

    private synchronized void print(TimelineEvent event) {
        println(format(event));
    }

    private synchronized void maybePrintProgress() {
        Instant now = timeline.clock().instant();
        if (Duration.between(lastPrinted, now).compareTo(progressInterval) < 0) {
            return;
        }
        double seconds = Duration.between(timeline.started(), now).toMillis() / 1000.0;
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%s %+8.1f s  %-14s ", time.format(now),
                seconds, "..."));
        if (waitingFor != null) {
            line.append("waiting for ").append(waitingFor).append(" (")
                    .append(Duration.between(waitingSince, now).toSeconds()).append(" s so far)");
        } else {
            line.append("running");
        }
        String text = safeStatus();
        if (!text.isEmpty()) {
            line.append("; ").append(text);
        }
        println(line.toString());
    }

    private String safeStatus() {
        try {
            String text = status.get();
            return text == null ? "" : text;
        } catch (RuntimeException e) {
            return "status unavailable: " + e;
        }
    }

    /** Stops the progress lines. Blocks until a progress line being printed is done. */
    @Override
    public void close() {
        ticker.shutdownNow();
        try {
            ticker.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
