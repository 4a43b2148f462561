package dev.edgeplane.testbed;

/**
 * Emulation settings of one link between the core and a namespace. The delay applies once in
 * each direction, so a path between two namespaces, which crosses both their links, gains
 * {@code 2 × (delay₁ + delay₂)} of round-trip time.
 *
 * @param delayMicros one-way delay in microseconds
 * @param jitterMicros each packet's or chunk's delay varies uniformly by up to this much either
 *     way, in microseconds, never below zero in total
 * @param lossRatio share of UDP datagrams dropped in each direction, 0 to 1
 * @param rateKbitPerSecond bandwidth limit in kbit/s through {@code tbf}, 0 for none
 */
public record LinkSettings(long delayMicros, long jitterMicros, double lossRatio, long rateKbitPerSecond) {

    /** A link that adds nothing. */
    public static final LinkSettings NONE = new LinkSettings(0, 0, 0.0, 0);

    public LinkSettings {
        if (delayMicros < 0 || delayMicros > 10_000_000) {
            throw new IllegalArgumentException("Invalid link delay " + delayMicros + " µs: give 0 to 10000000");
        }
        if (jitterMicros < 0 || jitterMicros > 10_000_000) {
            throw new IllegalArgumentException("Invalid link jitter " + jitterMicros + " µs: give 0 to 10000000");
        }
        if (!(lossRatio >= 0.0 && lossRatio <= 1.0)) {
            throw new IllegalArgumentException("Invalid link loss ratio " + lossRatio + ": give 0 to 1");
        }
        if (rateKbitPerSecond < 0) {
            throw new IllegalArgumentException("Invalid link rate " + rateKbitPerSecond + " kbit/s: give 0 (no limit) "
                    + "or more");
        }
    }

    /** Returns a link with only a one-way delay, in microseconds. */
    public static LinkSettings delay(long delayMicros) {
        return new LinkSettings(delayMicros, 0, 0.0, 0);
    }

    public LinkSettings withDelayMicros(long value) {
        return new LinkSettings(value, jitterMicros, lossRatio, rateKbitPerSecond);
    }

    public LinkSettings withJitterMicros(long value) {
        return new LinkSettings(delayMicros, value, lossRatio, rateKbitPerSecond);
    }

    public LinkSettings withLossRatio(double value) {
        return new LinkSettings(delayMicros, jitterMicros, value, rateKbitPerSecond);
    }

    public LinkSettings withRateKbitPerSecond(long value) {
        return new LinkSettings(delayMicros, jitterMicros, lossRatio, value);
    }
}
