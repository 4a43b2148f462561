package dev.edgeplane.demo.replica;

import java.time.Duration;

/**
 * How a replica answers at one moment: each response waits {@code baseLatency} plus its node's
 * {@code linkLatency} plus {@code injectedLatency} plus a uniform random share of {@code jitter},
 * then fails with probability {@code errorRatio}. A {@code stopped} replica does not listen, so a
 * connection to it is refused. Immutable.
 *
 * @param baseLatency time a healthy replica takes to serve a request
 * @param jitter upper bound of the uniform random delay added to each response
 * @param linkLatency round-trip time of the network path to the replica's node
 * @param injectedLatency slowness injected by a fault scenario
 * @param errorRatio share of requests answered with HTTP 500, from 0.0 to 1.0
 * @param stopped whether the replica's server is stopped
 */
public record ReplicaProfile(Duration baseLatency, Duration jitter, Duration linkLatency, Duration injectedLatency,
        double errorRatio, boolean stopped) {

    /** Checks every field; the message names the field, its value and the valid range. */
    public ReplicaProfile {
        requireNonNegative("baseLatency", baseLatency);
        requireNonNegative("jitter", jitter);
        requireNonNegative("linkLatency", linkLatency);
        requireNonNegative("injectedLatency", injectedLatency);
        requireRatio(errorRatio);
    }

    /** Returns the response time without jitter: base plus link plus injected latency. */
    public Duration fixedDelay() {
        return baseLatency.plus(linkLatency).plus(injectedLatency);
    }

    static Duration requireNonNegative(String name, Duration value) {
        if (value == null || value.isNegative()) {
            throw new IllegalArgumentException("Invalid " + name + " " + value + ": give a duration of zero or more");
        }
        return value;
    }

    static double requireRatio(double errorRatio) {
        if (!(errorRatio >= 0.0 && errorRatio <= 1.0)) {
            throw new IllegalArgumentException("Invalid errorRatio " + errorRatio + ": give a ratio from 0.0 to 1.0");
        }
        return errorRatio;
    }
}
