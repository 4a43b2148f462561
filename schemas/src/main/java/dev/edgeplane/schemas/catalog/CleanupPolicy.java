package dev.edgeplane.schemas.catalog;

import org.apache.kafka.common.config.TopicConfig;

/** The {@code cleanup.policy} of a topic: what the broker removes from its log. */
public enum CleanupPolicy {

    /** Segments older than the topic's retention are deleted. */
    DELETE(TopicConfig.CLEANUP_POLICY_DELETE),

    /**
     * The log is compacted: only the latest record per key is kept, and a tombstone (a null value)
     * removes the key.
     */
    COMPACT(TopicConfig.CLEANUP_POLICY_COMPACT);

    private final String configValue;

    CleanupPolicy(String configValue) {
        this.configValue = configValue;
    }

    /** Returns the value of the {@code cleanup.policy} topic config, e.g. {@code compact}. */
    public String configValue() {
        return configValue;
    }
}
