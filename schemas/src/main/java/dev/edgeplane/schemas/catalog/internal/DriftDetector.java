package dev.edgeplane.schemas.catalog.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;

import dev.edgeplane.schemas.catalog.TopicDrift;
import dev.edgeplane.schemas.catalog.TopicSpec;
import org.apache.kafka.common.config.TopicConfig;

/**
 * Compares an existing topic with its {@link TopicSpec}.
 *
 * <p>Replication factor: both the declared value and the value capped at the current broker count
 * match, because a topic created on a full cluster stays correct while a broker is away.
 * {@code min.insync.replicas}: the expected value is the declared one capped at the topic's actual
 * replication factor, so that an acks=all write succeeds while all replicas are in sync.
 */
public final class DriftDetector {

    private static final String NOT_SET = "(not set)";

    private DriftDetector() {
    }

    /** Returns the settings of {@code observed} that differ from {@code spec}; empty if it matches. */
    public static List<TopicDrift> detect(TopicSpec spec, int brokerCount, ObservedTopic observed) {
        List<TopicDrift> drifts = new ArrayList<>();

        if (observed.partitions() != spec.partitions()) {
            drifts.add(drift(spec, "partitions", spec.partitions(), observed.partitions()));
        }

        int cappedReplicationFactor = ReplicationPlan.replicationFactor(spec, brokerCount);
        int actualReplicationFactor = observed.replicationFactor();
        if (actualReplicationFactor != cappedReplicationFactor && actualReplicationFactor != spec.replicationFactor()) {
            drifts.add(drift(spec, "replication.factor", cappedReplicationFactor, actualReplicationFactor));
        }

        String expectedPolicy = spec.cleanupPolicy().configValue();
        String actualPolicy = observed.configs().get(TopicConfig.CLEANUP_POLICY_CONFIG);
        if (!normalizePolicy(expectedPolicy).equals(normalizePolicy(actualPolicy))) {
            drifts.add(new TopicDrift(spec.name(), TopicConfig.CLEANUP_POLICY_CONFIG, expectedPolicy, orNotSet(actualPolicy)));
        }

        spec.retention().ifPresent(retention -> {
            String actual = observed.configs().get(TopicConfig.RETENTION_MS_CONFIG);
            String expected = String.valueOf(retention.toMillis());
            if (!expected.equals(actual)) {
                drifts.add(new TopicDrift(spec.name(), TopicConfig.RETENTION_MS_CONFIG, expected, orNotSet(actual)));
            }
        });

        String expectedMinIsr = String.valueOf(Math.min(spec.minInSyncReplicas(), actualReplicationFactor));
        String actualMinIsr = observed.configs().get(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG);
        if (!expectedMinIsr.equals(actualMinIsr)) {
            drifts.add(new TopicDrift(spec.name(), TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, expectedMinIsr, orNotSet(actualMinIsr)));
        }
        return drifts;
    }

    /** Returns the policy list sorted and without blanks, so that {@code delete, compact} equals {@code compact,delete}. */
    private static String normalizePolicy(String policy) {
        if (policy == null) {
            return "";
        }
        TreeSet<String> parts = new TreeSet<>();
        Arrays.stream(policy.split(",")).map(String::trim).filter(p -> !p.isEmpty()).forEach(parts::add);
        return String.join(",", parts);
    }

    private static TopicDrift drift(TopicSpec spec, String setting, int expected, int actual) {
        return new TopicDrift(spec.name(), setting, String.valueOf(expected), String.valueOf(actual));
    }

    private static String orNotSet(String value) {
        return value == null ? NOT_SET : value;
    }
}
