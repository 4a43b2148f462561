package dev.edgeplane.schemas.serde;

/**
 * Registry subject names by the topic name strategy: {@code <topic>-key} for record keys and
 * {@code <topic>-value} for record values, as Confluent's default {@code TopicNameStrategy} names
 * them.
 */
public final class SubjectNames {

    private SubjectNames() {
    }

    /** Returns the subject of a topic's keys or values. */
    public static String subject(String topic, boolean key) {
        return topic + (key ? "-key" : "-value");
    }

    /** Returns the subject of a topic's values, such as {@code edgeplane.telemetry.node-metrics-value}. */
    public static String valueSubject(String topic) {
        return subject(topic, false);
    }

    /** Returns the subject of a topic's keys. */
    public static String keySubject(String topic) {
        return subject(topic, true);
    }
}
