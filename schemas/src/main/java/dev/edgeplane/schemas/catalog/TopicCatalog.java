package dev.edgeplane.schemas.catalog;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The single source of every Edgeplane topic: name, key, value record, partitions, replication,
 * cleanup policy, retention and schema compatibility. Services, the provisioner and the serdes read
 * topic settings from here and nowhere else. Immutable and safe to use from any thread.
 *
 * <p>Partition counts: topics keyed by the same entity share one count, so Kafka Streams can join
 * them without a repartition topic (joined topics must be co-partitioned). Node-keyed and pod-keyed
 * topics carry the telemetry volume and get the most partitions, because consumers scale out by
 * partition. Topics written once per action get fewer.
 */
public final class TopicCatalog {

    /**
     * Compatibility of every value subject: FULL_TRANSITIVE. A replay reads old events with the new
     * schema, so every new schema must read all earlier versions (backward). A rolling upgrade runs old
     * readers next to new writers, so every earlier schema must read the new events (forward).
     * TRANSITIVE checks both against every version, not only the latest, because topics keep events
     * written with any of them.
     */
    public static final CompatibilityMode COMPATIBILITY = CompatibilityMode.FULL_TRANSITIVE;

    /** Replicas per partition declared for production: one broker may fail while another is down for maintenance. */
    public static final short REPLICATION_FACTOR = 3;

    /** {@code min.insync.replicas} declared for production: an acks=all write survives the loss of one broker. */
    public static final int MIN_IN_SYNC_REPLICAS = 2;

    private static final int NODE_KEYED_PARTITIONS = 12;
    private static final int POD_KEYED_PARTITIONS = 12;
    private static final int SERVICE_KEYED_PARTITIONS = 6;
    private static final int ACTION_PARTITIONS = 6;
    private static final int DEAD_LETTER_PARTITIONS = 3;

    private static final Duration TELEMETRY_RETENTION = Duration.ofDays(3);
    private static final Duration DECISION_RETENTION = Duration.ofDays(30);
    private static final Duration AUDIT_RETENTION = Duration.ofDays(365);
    private static final Duration DEAD_LETTER_RETENTION = Duration.ofDays(14);

    private static final String EVENT_NAMESPACE = "dev.edgeplane.event.";

    /** CPU, memory, real-time CPU bandwidth in use and pod count per node. */
    public static final TopicSpec NODE_METRICS = TopicSpec.builder("edgeplane.telemetry.node-metrics")
            .key(TopicKey.NODE)
            .valueRecord(EVENT_NAMESPACE + "telemetry.NodeMetrics")
            .partitions(NODE_KEYED_PARTITIONS)
            .deleteAfter(TELEMETRY_RETENTION)
            .description("CPU, memory, real-time CPU bandwidth in use, pod count, event time, receive time, source")
            .build();

    /** Round-trip time, jitter and loss measured by a probe. */
    public static final TopicSpec LINK_LATENCY = TopicSpec.builder("edgeplane.telemetry.link-latency")
            .key(TopicKey.NODE)
            .valueRecord(EVENT_NAMESPACE + "telemetry.LinkLatency")
            .partitions(NODE_KEYED_PARTITIONS)
            .deleteAfter(TELEMETRY_RETENTION)
            .description("round-trip time, jitter, loss from a probe (control node to node, node to node)")
            .build();

    /** Response-time percentiles, request rate, errors and service metrics per replica. */
    public static final TopicSpec REPLICA_METRICS = TopicSpec.builder("edgeplane.telemetry.replica-metrics")
            .key(TopicKey.POD)
            .valueRecord(EVENT_NAMESPACE + "telemetry.ReplicaMetrics")
            .partitions(POD_KEYED_PARTITIONS)
            .deleteAfter(TELEMETRY_RETENTION)
            .description("response-time percentiles, request rate, errors, in-flight, service-specific metric values")
            .build();

    /** Inventory of each node, mirrored from the Kubernetes API. */
    public static final TopicSpec NODES = TopicSpec.builder("edgeplane.cluster.nodes")
            .key(TopicKey.NODE)
            .valueRecord(EVENT_NAMESPACE + "cluster.NodeInventory")
            .partitions(NODE_KEYED_PARTITIONS)
            .compacted()
            .description("labels, location, tier, capabilities, capacity, conditions")
            .build();

    /** Node and phase of each pod; a tombstone marks a deleted pod. */
    public static final TopicSpec PLACEMENTS = TopicSpec.builder("edgeplane.cluster.placements")
            .key(TopicKey.POD_UID)
            .valueRecord(EVENT_NAMESPACE + "cluster.PodPlacement")
            .partitions(POD_KEYED_PARTITIONS)
            .compacted()
            .description("pod, FogService, node, location, phase; tombstone on delete")
            .build();

    /** Critical flag, locations, dependencies and metric targets of each FogService; a tombstone marks a deleted one. */
    public static final TopicSpec FOGSERVICES = TopicSpec.builder("edgeplane.cluster.fogservices")
            .key(TopicKey.SERVICE)
            .valueRecord(EVENT_NAMESPACE + "cluster.FogServiceInventory")
            .partitions(SERVICE_KEYED_PARTITIONS)
            .compacted()
            .description("critical flag, locations, dependencies, metric targets; tombstone on delete")
            .build();

    /** Health state of each node with its reasons and evidence. */
    public static final TopicSpec NODE_HEALTH = TopicSpec.builder("edgeplane.state.node-health")
            .key(TopicKey.NODE)
            .valueRecord(EVENT_NAMESPACE + "state.NodeHealth")
            .partitions(NODE_KEYED_PARTITIONS)
            .compacted()
            .description("HEALTHY, SUSPECT, DEGRADED, UNREACHABLE, RECOVERING, with reasons and evidence")
            .build();

    /** Windowed score of each replica with its inputs. */
    public static final TopicSpec REPLICA_SCORES = TopicSpec.builder("edgeplane.state.replica-scores")
            .key(TopicKey.POD)
            .valueRecord(EVENT_NAMESPACE + "state.ReplicaScore")
            .partitions(POD_KEYED_PARTITIONS)
            .compacted()
            .description("windowed score per replica with its inputs")
            .build();

    /** Decisions to move a pod, with strategy, evidence and predicted target. */
    public static final TopicSpec RESCHEDULE_DECISIONS = TopicSpec.builder("edgeplane.decisions.reschedule")
            .key(TopicKey.POD)
            .valueRecord(EVENT_NAMESPACE + "decision.RescheduleDecision")
            .partitions(POD_KEYED_PARTITIONS)
            .deleteAfter(DECISION_RETENTION)
            .description("decision id, pod, from node, strategy (DegradedNode, BetterNode), evidence, predicted target")
            .build();

    /** Per-endpoint load-balancing weights of each service, one set per client node. */
    public static final TopicSpec LB_WEIGHTS = TopicSpec.builder("edgeplane.lb.weights")
            .key(TopicKey.SERVICE_CLIENT_NODE)
            .valueRecord(EVENT_NAMESPACE + "lb.ServiceWeights")
            .partitions(SERVICE_KEYED_PARTITIONS)
            .compacted()
            .description("client node, generation, per-endpoint weight and the inputs that produced it")
            .build();

    /** Every action on the cluster and every skipped action, with outcome and reason. */
    public static final TopicSpec AUDIT_ACTIONS = TopicSpec.builder("edgeplane.audit.actions")
            .key(TopicKey.DECISION_ID)
            .valueRecord(EVENT_NAMESPACE + "audit.ActionAudit")
            .partitions(ACTION_PARTITIONS)
            .deleteAfter(AUDIT_RETENTION)
            .description("every bind, eviction, weight push and skipped action, with outcome and reason")
            .build();

    /** Rejected input records with the error; source topic, partition and offset travel in headers. */
    public static final TopicSpec DEAD_LETTER = TopicSpec.builder("edgeplane.deadletter")
            .key(TopicKey.SOURCE_TOPIC)
            .valueRecord(EVENT_NAMESPACE + "deadletter.DeadLetter")
            .partitions(DEAD_LETTER_PARTITIONS)
            .deleteAfter(DEAD_LETTER_RETENTION)
            .description("rejected input, error, source topic/partition/offset in headers")
            .build();

    private static final List<TopicSpec> ALL = List.of(NODE_METRICS, LINK_LATENCY, REPLICA_METRICS, NODES, PLACEMENTS,
            FOGSERVICES, NODE_HEALTH, REPLICA_SCORES, RESCHEDULE_DECISIONS, LB_WEIGHTS, AUDIT_ACTIONS, DEAD_LETTER);

    private static final Map<String, TopicSpec> BY_NAME = ALL.stream()
            .collect(Collectors.toUnmodifiableMap(TopicSpec::name, Function.identity()));

    private TopicCatalog() {
    }

    /** Returns every topic, in the order of the data flow (telemetry first, dead letters last). */
    public static List<TopicSpec> all() {
        return ALL;
    }

    /** Returns every topic name, in the order of {@link #all()}. */
    public static List<String> names() {
        return ALL.stream().map(TopicSpec::name).toList();
    }

    /** Returns the topic called {@code name}, or empty if the catalog has none. */
    public static Optional<TopicSpec> find(String name) {
        return Optional.ofNullable(BY_NAME.get(name));
    }

    /**
     * Returns the topic called {@code name}.
     *
     * @throws IllegalArgumentException if the catalog has no such topic; the message lists the known ones
     */
    public static TopicSpec byName(String name) {
        TopicSpec spec = BY_NAME.get(name);
        if (spec == null) {
            throw new IllegalArgumentException("Unknown topic '" + name + "'. Known topics: " + String.join(", ", names()) + ".");
        }
        return spec;
    }
}
