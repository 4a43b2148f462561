package dev.edgeplane.demo.timeline;

import java.time.Instant;
import java.util.Objects;

/**
 * One thing that happened during a run. Immutable.
 *
 * @param time when it happened
 * @param kind what kind of thing it was
 * @param subject what it is about: a node, {@code namespace/pod}, or {@code namespace/service@node}
 * @param node the node involved, or null
 * @param detail a value summaries select on, such as the new health state; empty when there is none
 * @param message the line a person reads
 */
public record TimelineEvent(Instant time, EventKind kind, String subject, String node, String detail, String message) {

    public TimelineEvent {
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(subject, "subject");
        detail = detail == null ? "" : detail;
        Objects.requireNonNull(message, "message");
    }
}
