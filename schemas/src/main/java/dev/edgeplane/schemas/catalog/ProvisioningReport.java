package dev.edgeplane.schemas.catalog;

import java.util.List;
import java.util.Optional;

import dev.edgeplane.schemas.catalog.TopicOutcome.Status;

/**
 * Result of a {@link TopicProvisioner} run: one outcome per topic, in the order the topics were given.
 *
 * @param brokerCount    brokers the cluster reported
 * @param replicationCap present when the cluster has fewer brokers than some declared replication factor
 * @param outcomes       one per topic
 */
public record ProvisioningReport(int brokerCount, Optional<ReplicationCap> replicationCap, List<TopicOutcome> outcomes) {

    public ProvisioningReport {
        outcomes = List.copyOf(outcomes);
    }

    /** Returns the outcomes with {@code status}, in report order. */
    public List<TopicOutcome> withStatus(Status status) {
        return outcomes.stream().filter(o -> o.status() == status).toList();
    }

    /** Returns the names of the topics with {@code status}, in report order. */
    public List<String> topics(Status status) {
        return withStatus(status).stream().map(TopicOutcome::topic).toList();
    }

    /** Returns every drift of every topic, in report order. */
    public List<TopicDrift> drifts() {
        return outcomes.stream().flatMap(o -> o.drifts().stream()).toList();
    }

    /** Returns whether every topic now exists as the catalog declares it. */
    public boolean isConsistent() {
        return outcomes.stream().allMatch(o -> o.status() == Status.CREATED || o.status() == Status.VERIFIED);
    }
}
