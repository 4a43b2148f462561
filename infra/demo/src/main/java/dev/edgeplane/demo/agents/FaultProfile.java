package dev.edgeplane.demo.agents;

import java.time.Duration;
import java.util.Locale;

import dev.edgeplane.demo.agents.DelayingEchoServer.LinkCondition;

/** The behaviour of a faulty node's network path while the fault lasts. Implementations are immutable. */
public interface FaultProfile {

    /**
     * Returns the node's condition {@code faultElapsedMs} after the fault started.
     *
     * @param baseline what the node would show without the fault
     */
    LinkCondition at(LinkCondition baseline, long faultElapsedMs);

    /** Describes the fault for the timeline, such as {@code access latency raised by 150 ms}. */
    String description();

    /** Returns a fault that adds {@code extra} to every answer of the node. */
    static FaultProfile raisedLatency(Duration extra) {
        if (extra == null || extra.isNegative() || extra.isZero()) {
            throw new IllegalArgumentException("Invalid fault latency " + extra + ": give a positive duration");
        }
        return new FaultProfile() {
            @Override
            public LinkCondition at(LinkCondition baseline, long faultElapsedMs) {
                return new LinkCondition(baseline.latency().plus(extra), baseline.answering());
            }

            @Override
            public String description() {
                return String.format(Locale.ROOT, "access latency raised by %d ms", extra.toMillis());
            }
        };
    }
}
