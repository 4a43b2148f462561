package dev.edgeplane.schemas.catalog.internal;

import java.util.Map;

/**
 * An existing topic as the broker describes it.
 *
 * @param partitions        partition count
 * @param replicationFactor the smallest replica count of any partition, because the least
 *                          replicated partition decides what a broker failure can lose
 * @param configs           topic config values by name, including broker defaults
 */
public record ObservedTopic(int partitions, int replicationFactor, Map<String, String> configs) {

    public ObservedTopic {
        configs = Map.copyOf(configs);
    }
}
