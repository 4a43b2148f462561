package dev.edgeplane.ingest.gateway.internal;

import java.util.Locale;

/** Why an item was not accepted; the lowercase, hyphenated form is the {@code code} in answers and metrics. */
public enum RejectCode {
    /** The item is not a JSON object, or a field has the wrong JSON type. */
    INVALID_TYPE,
    /** A required field is missing. */
    MISSING_FIELD,
    /** A field that the event's schema does not have. */
    UNKNOWN_FIELD,
    /** A field name that appears twice in one JSON object of the event. */
    DUPLICATE_FIELD,
    /** The {@code type} of an event is not a known event type. */
    UNKNOWN_EVENT_TYPE,
    /** The event id is missing, empty, too long or contains control characters. */
    INVALID_ID,
    /** A value is outside its range: negative latency, CPU above the node's cores, a ratio above 1. */
    OUT_OF_RANGE,
    /** The event time is too far from the receive time and the skew policy is reject. */
    EVENT_TIME_SKEW,
    /** A remote-write series lacks a label the mapping needs. */
    MISSING_LABEL,
    /** Serializing the accepted event failed; it went to the dead-letter topic. */
    SERIALIZATION_FAILED,
    /** Kafka rejected the accepted event for good; it went to the dead-letter topic. */
    KAFKA_REJECTED,
    /** Kafka did not acknowledge the event in time; resend it. */
    KAFKA_UNAVAILABLE;

    /**
     * Returns whether the sender is told to resend the item unchanged, so that the gateway keeps no
     * dead letter of it: the item was valid and Kafka was only late.
     */
    public boolean resendable() {
        return this == KAFKA_UNAVAILABLE;
    }

    /**
     * Returns whether the item already went to the dead-letter topic when it failed after acceptance.
     */
    public boolean failedAfterAcceptance() {
        return this == SERIALIZATION_FAILED || this == KAFKA_REJECTED;
    }

    /** Returns the code as answers and metrics show it, such as {@code out-of-range}. */
    public String code() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
