package dev.edgeplane.schemas.catalog.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.edgeplane.schemas.catalog.TopicDrift;
import dev.edgeplane.schemas.catalog.TopicKey;
import dev.edgeplane.schemas.catalog.TopicSpec;
import org.junit.jupiter.api.Test;

class DriftDetectorTest {

    private static final TopicSpec DELETE_SPEC = TopicSpec.builder("edgeplane.test.metrics").key(TopicKey.NODE)
            .valueRecord("dev.edgeplane.event.test.Metrics").partitions(6).deleteAfter(Duration.ofDays(3)).build();

    private static final TopicSpec COMPACT_SPEC = TopicSpec.builder("edgeplane.test.state").key(TopicKey.NODE)
            .valueRecord("dev.edgeplane.event.test.State").partitions(6).compacted().build();

    private static final String THREE_DAYS_MS = "259200000";

    private static ObservedTopic observed(int partitions, int replicationFactor, String policy, String retentionMs, String minIsr) {
        Map<String, String> configs = new java.util.HashMap<>();
        configs.put("cleanup.policy", policy);
        if (retentionMs != null) {
            configs.put("retention.ms", retentionMs);
        }
        configs.put("min.insync.replicas", minIsr);
        return new ObservedTopic(partitions, replicationFactor, configs);
    }

    @Test
    void matchingProductionTopicHasNoDrift() {
        assertThat(DriftDetector.detect(DELETE_SPEC, 5, observed(6, 3, "delete", THREE_DAYS_MS, "2"))).isEmpty();
    }

    @Test
    void cappedTopicOnSmallClusterHasNoDrift() {
        assertThat(DriftDetector.detect(DELETE_SPEC, 1, observed(6, 1, "delete", THREE_DAYS_MS, "1"))).isEmpty();
        assertThat(DriftDetector.detect(DELETE_SPEC, 2, observed(6, 2, "delete", THREE_DAYS_MS, "2"))).isEmpty();
    }

    @Test
    void fullyReplicatedTopicWithBrokerAwayHasNoDrift() {
        assertThat(DriftDetector.detect(DELETE_SPEC, 2, observed(6, 3, "delete", THREE_DAYS_MS, "2"))).isEmpty();
    }

    @Test
    void underReplicatedTopicOnFullClusterDrifts() {
        List<TopicDrift> drifts = DriftDetector.detect(DELETE_SPEC, 3, observed(6, 1, "delete", THREE_DAYS_MS, "1"));

        assertThat(drifts).containsExactly(new TopicDrift("edgeplane.test.metrics", "replication.factor", "3", "1"));
    }

    @Test
    void minInSyncReplicasAboveActualReplicationDrifts() {
        List<TopicDrift> drifts = DriftDetector.detect(DELETE_SPEC, 1, observed(6, 1, "delete", THREE_DAYS_MS, "2"));

        assertThat(drifts).extracting(TopicDrift::message)
                .containsExactly("Topic edgeplane.test.metrics: min.insync.replicas is 2, expected 1");
    }

    @Test
    void everyDifferingSettingIsReported() {
        List<TopicDrift> drifts = DriftDetector.detect(DELETE_SPEC, 3, observed(2, 3, "compact", "1000", "1"));

        assertThat(drifts).extracting(TopicDrift::message).containsExactly(
                "Topic edgeplane.test.metrics: partitions is 2, expected 6",
                "Topic edgeplane.test.metrics: cleanup.policy is compact, expected delete",
                "Topic edgeplane.test.metrics: retention.ms is 1000, expected 259200000",
                "Topic edgeplane.test.metrics: min.insync.replicas is 1, expected 2");
    }

    @Test
    void compactedTopicIgnoresRetention() {
        assertThat(DriftDetector.detect(COMPACT_SPEC, 3, observed(6, 3, "compact", "604800000", "2"))).isEmpty();
    }

    @Test
    void combinedCleanupPolicyDiffersFromCompact() {
        List<TopicDrift> drifts = DriftDetector.detect(COMPACT_SPEC, 3, observed(6, 3, "delete, compact", null, "2"));

        assertThat(drifts).containsExactly(new TopicDrift("edgeplane.test.state", "cleanup.policy", "compact", "delete, compact"));
    }

    @Test
    void missingConfigIsReportedAsNotSet() {
        ObservedTopic withoutConfigs = new ObservedTopic(6, 3, Map.of("cleanup.policy", "delete"));

        assertThat(DriftDetector.detect(DELETE_SPEC, 3, withoutConfigs)).extracting(TopicDrift::message).containsExactly(
                "Topic edgeplane.test.metrics: retention.ms is (not set), expected 259200000",
                "Topic edgeplane.test.metrics: min.insync.replicas is (not set), expected 2");
    }
}
