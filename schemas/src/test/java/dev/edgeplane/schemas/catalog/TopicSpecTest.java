package dev.edgeplane.schemas.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class TopicSpecTest {

    private static TopicSpec.Builder valid(String name) {
        return TopicSpec.builder(name).key(TopicKey.NODE).valueRecord("dev.edgeplane.event.test.Sample").partitions(3)
                .deleteAfter(Duration.ofHours(1));
    }

    @Test
    void builderAppliesCatalogDefaults() {
        TopicSpec spec = valid("edgeplane.test.sample-v2").build();

        assertThat(spec.replicationFactor()).isEqualTo(TopicCatalog.REPLICATION_FACTOR);
        assertThat(spec.minInSyncReplicas()).isEqualTo(TopicCatalog.MIN_IN_SYNC_REPLICAS);
        assertThat(spec.compatibility()).isEqualTo(CompatibilityMode.FULL_TRANSITIVE);
        assertThat(spec.domain()).isEqualTo("test");
    }

    @Test
    void rejectsNameOutsidePattern() {
        for (String name : new String[] {"telemetry.node-metrics", "edgeplane.Telemetry.x", "edgeplane.telemetry.node_metrics",
                "edgeplane.telemetry.node-metrics.extra", "edgeplane.telemetry.-x", "edgeplane."}) {
            assertThatThrownBy(() -> valid(name).build()).as(name)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("Invalid topic name '" + name + "': use edgeplane.<domain>.<event> with a lowercase domain and "
                            + "a lowercase, hyphenated event, e.g. edgeplane.telemetry.node-metrics.");
        }
    }

    @Test
    void rejectsValueRecordWithoutNamespace() {
        assertThatThrownBy(() -> valid("edgeplane.test.sample").valueRecord("NodeMetrics").build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("Invalid value record 'NodeMetrics' for topic edgeplane.test.sample");
    }

    @Test
    void rejectsCompactedTopicKeyedByEvent() {
        assertThatThrownBy(() -> valid("edgeplane.test.sample").key(TopicKey.DECISION_ID).compacted().build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Invalid key DECISION_ID for compacted topic edgeplane.test.sample: compaction keeps the latest "
                        + "record per key, so the key must name a node, pod or service, not an event.");
    }

    @Test
    void rejectsDeleteTopicWithoutRetention() {
        assertThatThrownBy(() -> new TopicSpec("edgeplane.test.sample", TopicKey.NODE, "a.B", 1, (short) 1, 1,
                CleanupPolicy.DELETE, java.util.Optional.empty(), CompatibilityMode.FULL, ""))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("Missing retention for topic edgeplane.test.sample");
    }

    @Test
    void rejectsMinInSyncReplicasAboveReplicationFactor() {
        assertThatThrownBy(() -> valid("edgeplane.test.sample").replicationFactor(2).minInSyncReplicas(3).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Invalid min.insync.replicas 3 for topic edgeplane.test.sample: it must be between 1 and the "
                        + "replication factor 2.");
    }

    @Test
    void rejectsZeroPartitionsAndNonPositiveRetention() {
        assertThatThrownBy(() -> valid("edgeplane.test.sample").partitions(0).build())
                .hasMessage("Invalid partition count 0 for topic edgeplane.test.sample: it must be at least 1.");
        assertThatThrownBy(() -> valid("edgeplane.test.sample").deleteAfter(Duration.ZERO).build())
                .hasMessage("Invalid retention PT0S for topic edgeplane.test.sample: it must be positive.");
    }
}
