package dev.edgeplane.schemas.catalog;

import java.util.List;
import java.util.Objects;

/**
 * Result of provisioning or verifying one topic.
 *
 * @param topic  topic name
 * @param status the outcome
 * @param drifts the settings that differ from the catalog; empty unless {@code status} is DRIFTED
 * @param detail for CREATED the settings used, for FAILED the error, otherwise empty
 */
public record TopicOutcome(String topic, Status status, List<TopicDrift> drifts, String detail) {

    /** The outcome of one topic. */
    public enum Status {
        /** The topic was missing and has been created. */
        CREATED,
        /** The topic exists and matches the catalog. */
        VERIFIED,
        /** The topic exists and differs from the catalog; nothing was changed. */
        DRIFTED,
        /** The topic does not exist and was not created, because the run only verified. */
        MISSING,
        /** The topic could not be created or described. */
        FAILED
    }

    public TopicOutcome {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(status, "status");
        drifts = List.copyOf(drifts);
        Objects.requireNonNull(detail, "detail");
        if ((status == Status.DRIFTED) == drifts.isEmpty()) {
            throw new IllegalArgumentException("Invalid outcome for topic " + topic + ": status " + status + " with "
                    + drifts.size() + " drifts; only DRIFTED carries drifts, and it carries at least one.");
        }
    }

    static TopicOutcome created(String topic, String settings) {
        return new TopicOutcome(topic, Status.CREATED, List.of(), settings);
    }

    static TopicOutcome verified(String topic) {
        return new TopicOutcome(topic, Status.VERIFIED, List.of(), "");
    }

    static TopicOutcome drifted(String topic, List<TopicDrift> drifts) {
        return new TopicOutcome(topic, Status.DRIFTED, drifts, "");
    }

    static TopicOutcome missing(String topic) {
        return new TopicOutcome(topic, Status.MISSING, List.of(), "");
    }

    static TopicOutcome failed(String topic, String error) {
        return new TopicOutcome(topic, Status.FAILED, List.of(), error);
    }
}
