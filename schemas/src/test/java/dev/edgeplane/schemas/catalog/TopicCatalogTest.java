package dev.edgeplane.schemas.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

class TopicCatalogTest {

    /** The value record of every topic, as the .avsc files name them. */
    private static final Map<String, String> VALUE_RECORDS = new LinkedHashMap<>();

    static {
        VALUE_RECORDS.put("edgeplane.telemetry.node-metrics", "dev.edgeplane.event.telemetry.NodeMetrics");
        VALUE_RECORDS.put("edgeplane.telemetry.link-latency", "dev.edgeplane.event.telemetry.LinkLatency");
        VALUE_RECORDS.put("edgeplane.telemetry.replica-metrics", "dev.edgeplane.event.telemetry.ReplicaMetrics");
        VALUE_RECORDS.put("edgeplane.cluster.nodes", "dev.edgeplane.event.cluster.NodeInventory");
        VALUE_RECORDS.put("edgeplane.cluster.placements", "dev.edgeplane.event.cluster.PodPlacement");
        VALUE_RECORDS.put("edgeplane.cluster.fogservices", "dev.edgeplane.event.cluster.FogServiceInventory");
        VALUE_RECORDS.put("edgeplane.state.node-health", "dev.edgeplane.event.state.NodeHealth");
        VALUE_RECORDS.put("edgeplane.state.replica-scores", "dev.edgeplane.event.state.ReplicaScore");
        VALUE_RECORDS.put("edgeplane.decisions.reschedule", "dev.edgeplane.event.decision.RescheduleDecision");
        VALUE_RECORDS.put("edgeplane.lb.weights", "dev.edgeplane.event.lb.ServiceWeights");
        VALUE_RECORDS.put("edgeplane.audit.actions", "dev.edgeplane.event.audit.ActionAudit");
        VALUE_RECORDS.put("edgeplane.deadletter", "dev.edgeplane.event.deadletter.DeadLetter");
    }

    @Test
    void catalogHasEveryTopicWithItsValueRecord() {
        Map<String, String> actual = TopicCatalog.all().stream()
                .collect(Collectors.toMap(TopicSpec::name, TopicSpec::valueRecord, (a, b) -> a, LinkedHashMap::new));

        assertThat(actual).containsExactlyEntriesOf(VALUE_RECORDS);
    }

    @Test
    void namesFollowDomainEventPattern() {
        for (TopicSpec spec : TopicCatalog.all()) {
            assertThat(spec.name()).as("topic name").matches("edgeplane\\.[a-z]+(\\.[a-z][a-z0-9]*(-[a-z0-9]+)*)?");
        }
    }

    @Test
    void onlyDeadLetterTopicLacksEventPart() {
        List<String> withoutEvent = TopicCatalog.names().stream().filter(n -> n.split("\\.").length == 2).toList();

        assertThat(withoutEvent).containsExactly("edgeplane.deadletter");
    }

    @Test
    void namesAreUnique() {
        Set<String> seen = new HashSet<>();
        for (String name : TopicCatalog.names()) {
            assertThat(seen.add(name)).as("first occurrence of " + name).isTrue();
        }
    }

    @Test
    void compactedTopicsAreKeyedByEntity() {
        List<TopicSpec> compacted = TopicCatalog.all().stream().filter(TopicSpec::compacted).toList();

        assertThat(compacted).extracting(TopicSpec::name).containsExactlyInAnyOrder("edgeplane.cluster.nodes",
                "edgeplane.cluster.placements", "edgeplane.cluster.fogservices", "edgeplane.state.node-health", "edgeplane.state.replica-scores",
                "edgeplane.lb.weights");
        for (TopicSpec spec : compacted) {
            assertThat(spec.key().identifiesEntity()).as("key of " + spec.name() + " identifies an entity").isTrue();
            assertThat(spec.retention()).as("retention of " + spec.name()).isEmpty();
        }
    }

    @Test
    void keysMatchTopicTable() {
        assertThat(TopicCatalog.NODE_METRICS.key()).isEqualTo(TopicKey.NODE);
        assertThat(TopicCatalog.LINK_LATENCY.key()).isEqualTo(TopicKey.NODE);
        assertThat(TopicCatalog.REPLICA_METRICS.key()).isEqualTo(TopicKey.POD);
        assertThat(TopicCatalog.NODES.key()).isEqualTo(TopicKey.NODE);
        assertThat(TopicCatalog.PLACEMENTS.key()).isEqualTo(TopicKey.POD_UID);
        assertThat(TopicCatalog.NODE_HEALTH.key()).isEqualTo(TopicKey.NODE);
        assertThat(TopicCatalog.REPLICA_SCORES.key()).isEqualTo(TopicKey.POD);
        assertThat(TopicCatalog.RESCHEDULE_DECISIONS.key()).isEqualTo(TopicKey.POD);
        assertThat(TopicCatalog.LB_WEIGHTS.key()).isEqualTo(TopicKey.SERVICE_CLIENT_NODE);
        assertThat(TopicCatalog.AUDIT_ACTIONS.key()).isEqualTo(TopicKey.DECISION_ID);
        assertThat(TopicCatalog.DEAD_LETTER.key()).isEqualTo(TopicKey.SOURCE_TOPIC);
        for (TopicSpec spec : TopicCatalog.all()) {
            assertThat(spec.key().javaType()).as("key type of " + spec.name()).isEqualTo(String.class);
        }
    }

    @Test
    void topicsWithSameKeyShareOnePartitionCount() {
        Map<TopicKey, Set<Integer>> countsByKey = TopicCatalog.all().stream().collect(Collectors.groupingBy(
                TopicSpec::key, Collectors.mapping(TopicSpec::partitions, Collectors.toSet())));

        countsByKey.forEach((key, counts) -> assertThat(counts).as("partition counts of " + key + "-keyed topics").hasSize(1));
    }

    @Test
    void telemetryAndPodTopicsHaveMostPartitions() {
        int fewest = TopicCatalog.all().stream()
                .filter(spec -> spec.domain().equals("telemetry") || spec.key() == TopicKey.POD)
                .mapToInt(TopicSpec::partitions).min().orElseThrow();
        int maxOfOthers = TopicCatalog.all().stream()
                .filter(spec -> spec.key() == TopicKey.SERVICE || spec.key() == TopicKey.SERVICE_CLIENT_NODE
                        || spec.key() == TopicKey.DECISION_ID || spec.key() == TopicKey.SOURCE_TOPIC)
                .mapToInt(TopicSpec::partitions).max().orElseThrow();

        assertThat(fewest).isGreaterThan(maxOfOthers);
    }

    @Test
    void everyTopicDeclaresProductionReplication() {
        for (TopicSpec spec : TopicCatalog.all()) {
            assertThat(spec.replicationFactor()).as("replication factor of " + spec.name()).isEqualTo((short) 3);
            assertThat(spec.minInSyncReplicas()).as("min.insync.replicas of " + spec.name()).isEqualTo(2);
        }
    }

    @Test
    void everyValueSubjectIsFullTransitive() {
        for (TopicSpec spec : TopicCatalog.all()) {
            assertThat(spec.compatibility()).as("compatibility of " + spec.name()).isEqualTo(CompatibilityMode.FULL_TRANSITIVE);
            assertThat(spec.valueSubject()).isEqualTo(spec.name() + "-value");
        }
    }

    @Test
    void retentionFitsEachDomain() {
        for (TopicSpec spec : TopicCatalog.all()) {
            if (spec.domain().equals("telemetry")) {
                assertThat(spec.retention()).as("retention of " + spec.name()).hasValueSatisfying(r -> {
                    assertThat(r).isGreaterThanOrEqualTo(Duration.ofDays(1));
                    assertThat(r).isLessThanOrEqualTo(Duration.ofDays(7));
                });
            }
        }
        assertThat(TopicCatalog.AUDIT_ACTIONS.retention()).hasValueSatisfying(r -> assertThat(r).isGreaterThanOrEqualTo(Duration.ofDays(365)));
    }

    @Test
    void byNameFindsEveryTopic() {
        for (TopicSpec spec : TopicCatalog.all()) {
            assertThat(TopicCatalog.byName(spec.name())).isSameAs(spec);
            assertThat(TopicCatalog.find(spec.name())).containsSame(spec);
        }
        assertThat(TopicCatalog.find("edgeplane.telemetry.nothing")).isEmpty();
    }

    @Test
    void byNameRejectsUnknownTopicListingKnownOnes() {
        assertThatThrownBy(() -> TopicCatalog.byName("edgeplane.telemetry.node-metric"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("Unknown topic 'edgeplane.telemetry.node-metric'. Known topics: edgeplane.telemetry.node-metrics, ")
                .hasMessageContaining("edgeplane.deadletter");
    }

    @Test
    void catalogListsAreImmutable() {
        assertThatThrownBy(() -> TopicCatalog.all().add(TopicCatalog.NODES)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> TopicCatalog.names().clear()).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void configsCarryDeclaredSettings() {
        assertThat(TopicCatalog.NODE_METRICS.configs(2)).containsOnly(
                Map.entry("cleanup.policy", "delete"),
                Map.entry("retention.ms", String.valueOf(Duration.ofDays(3).toMillis())),
                Map.entry("min.insync.replicas", "2"));
        assertThat(TopicCatalog.NODES.configs(1)).containsOnly(
                Map.entry("cleanup.policy", "compact"),
                Map.entry("min.insync.replicas", "1"));
    }
}
