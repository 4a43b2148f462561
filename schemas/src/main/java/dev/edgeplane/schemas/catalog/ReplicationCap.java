package dev.edgeplane.schemas.catalog;

import java.util.List;

/**
 * Notice that the cluster has fewer brokers than some topics' declared replication factor, so those
 * topics are created and verified with replication factor and {@code min.insync.replicas} lowered
 * to the broker count.
 *
 * @param brokerCount               brokers the cluster reported
 * @param declaredReplicationFactor the highest declared replication factor among the capped topics
 * @param topics                    names of the capped topics
 */
public record ReplicationCap(int brokerCount, short declaredReplicationFactor, List<String> topics) {

    public ReplicationCap {
        topics = List.copyOf(topics);
    }

    /** Returns the notice as a sentence for the report and the log. */
    public String message() {
        return "The cluster has " + brokerCount + (brokerCount == 1 ? " broker" : " brokers")
                + ", fewer than the declared replication factor " + declaredReplicationFactor
                + ": replication factor and min.insync.replicas are capped at " + brokerCount + " for " + topics.size()
                + (topics.size() == 1 ? " topic" : " topics") + ". Run at least " + declaredReplicationFactor
                + " brokers in production.";
    }
}
