package dev.edgeplane.schemas.catalog.internal;

import dev.edgeplane.schemas.catalog.TopicSpec;

/**
 * Replication settings of a topic on a cluster of a given size: the declared replication factor and
 * {@code min.insync.replicas}, capped at the broker count so that a topic can be created at all.
 */
public final class ReplicationPlan {

    private ReplicationPlan() {
    }

    /** Returns the replication factor to create {@code spec} with on {@code brokerCount} brokers. */
    public static short replicationFactor(TopicSpec spec, int brokerCount) {
        return (short) Math.min(spec.replicationFactor(), brokerCount);
    }

    /** Returns the {@code min.insync.replicas} to create {@code spec} with on {@code brokerCount} brokers. */
    public static int minInSyncReplicas(TopicSpec spec, int brokerCount) {
        return Math.min(spec.minInSyncReplicas(), brokerCount);
    }

    /** Returns whether the cluster is too small for the declared replication factor of {@code spec}. */
    public static boolean isCapped(TopicSpec spec, int brokerCount) {
        return spec.replicationFactor() > brokerCount;
    }
}
