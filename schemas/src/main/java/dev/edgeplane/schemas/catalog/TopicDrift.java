package dev.edgeplane.schemas.catalog;

import java.util.Objects;

/**
 * One setting of an existing topic that differs from its {@link TopicSpec}.
 *
 * @param topic    topic name
 * @param setting  {@code partitions}, {@code replication.factor} or a topic config name such as
 *                 {@code cleanup.policy}
 * @param expected the value the catalog declares, after any cap for a small cluster
 * @param actual   the value the broker reports
 */
public record TopicDrift(String topic, String setting, String expected, String actual) {

    public TopicDrift {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(setting, "setting");
        Objects.requireNonNull(expected, "expected");
        Objects.requireNonNull(actual, "actual");
    }

    /** Returns the drift as a sentence, e.g. {@code Topic edgeplane.cluster.nodes: partitions is 3, expected 12}. */
    public String message() {
        return "Topic " + topic + ": " + setting + " is " + actual + ", expected " + expected;
    }
}
