package dev.edgeplane.lb.bench;

/**
 * A span of simulated time in milliseconds, start inclusive and end exclusive.
 *
 * @param fromMs start
 * @param toMs end
 */
public record Window(long fromMs, long toMs) {

    /** The empty window, for a replica phase that never happens. */
    public static final Window NONE = new Window(0, 0);

    public Window {
        if (toMs < fromMs) {
            throw new IllegalArgumentException("Invalid window: it ends at " + toMs + " ms before it starts at " + fromMs
                    + " ms");
        }
    }

    public boolean contains(double timeMs) {
        return timeMs >= fromMs && timeMs < toMs;
    }

    public boolean isEmpty() {
        return toMs == fromMs;
    }

    public long lengthMs() {
        return toMs - fromMs;
    }
}
