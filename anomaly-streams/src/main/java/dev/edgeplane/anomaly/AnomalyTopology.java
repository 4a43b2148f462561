package dev.edgeplane.anomaly;

import java.util.Map;
import java.util.function.Function;
import java.util.function.IntSupplier;

import dev.edgeplane.anomaly.internal.AdviceInput;
import dev.edgeplane.anomaly.internal.DataQualityMetrics;
import dev.edgeplane.anomaly.internal.LocationKeys;
import dev.edgeplane.anomaly.internal.NodeHealthProcessor;
import dev.edgeplane.anomaly.internal.NodeWindows;
import dev.edgeplane.anomaly.internal.PlacementAdvisor;
import dev.edgeplane.anomaly.internal.PlacementRouter;
import dev.edgeplane.anomaly.internal.ReplicaScoreProcessor;
import dev.edgeplane.anomaly.internal.ReplicaScorer;
import dev.edgeplane.anomaly.internal.ReplicaWindows;
import dev.edgeplane.anomaly.internal.SkewJudgingTimestampExtractor;
import dev.edgeplane.anomaly.internal.TelemetryGate;
import dev.edgeplane.anomaly.internal.TopologySerdes;
import dev.edgeplane.anomaly.internal.TumblingWindowAggregator;
import dev.edgeplane.anomaly.internal.state.NodeVerdict;
import dev.edgeplane.anomaly.internal.state.NodeWindow;
import dev.edgeplane.anomaly.internal.state.ProgressMarker;
import dev.edgeplane.anomaly.internal.state.ReplicaWindow;
import dev.edgeplane.anomaly.internal.state.VerdictOrMarker;
import dev.edgeplane.event.audit.ActionAudit;
import dev.edgeplane.event.cluster.FogServiceInventory;
import dev.edgeplane.event.cluster.PodPlacement;
import dev.edgeplane.event.decision.RescheduleDecision;
import dev.edgeplane.event.state.NodeHealth;
import dev.edgeplane.event.telemetry.LinkLatency;
import dev.edgeplane.event.telemetry.NodeMetrics;
import dev.edgeplane.event.telemetry.ReplicaMetrics;
import dev.edgeplane.schemas.catalog.TopicCatalog;
import dev.edgeplane.schemas.registry.SchemaRegistryClient;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;

/**
 * Builds the anomaly topology: node health, replica scores and placement advice. Every store and
 * repartition topic carries a name from {@link StoreNames}, and every window is tumbling with an
 * explicit size and grace: replica telemetry in windows of {@code replica.window.size.ms}, node
 * telemetry in panes of {@code window.pane.ms}. Node health judges, at every closed pane, the window
 * made of the node's panes of the latest {@code window.size.ms}, so a node verdict comes out every
 * pane while each telemetry event still updates one aggregate.
 *
 * <p>{@link TumblingWindowAggregator} folds and closes both kinds of window: it emits a window as
 * soon as stream time passes its end plus grace, within the transaction of the record that moved
 * it, so also every closed window when a replay drives event time far ahead of the wall clock.
 * Kafka Streams' {@code EmitStrategy.onWindowClose()} emitted only part of the closed hopping
 * windows in that case with Kafka Streams 4.4.0. The replay test runs the topology that way.
 */
public final class AnomalyTopology {

    private static final long WARN_INTERVAL_MS = 10_000;

    private AnomalyTopology() {
    }

    /**
     * Builds the topology. Does not block and starts nothing.
     *
     * @param client schema registry client of every serde; stays the caller's to close
     * @param serdeConfigs serde settings such as {@code auto.register.schemas}
     * @param registry receives the data-quality counters
     * @param telemetryPartitions returns the partition count of the node telemetry topics, which is the
     *     number of node-health tasks whose progress markers placement advice waits for. It is called
     *     when a placement advice task starts, so it may be resolved after this method returns
     */
    public static Topology build(AnomalyConfig config, SchemaRegistryClient client, Map<String, ?> serdeConfigs,
            MeterRegistry registry, IntSupplier telemetryPartitions) {
        TopologySerdes serdes = new TopologySerdes(client, serdeConfigs);
        DataQualityMetrics metrics = new DataQualityMetrics(registry, WARN_INTERVAL_MS);
        SkewJudgingTimestampExtractor extractor = new SkewJudgingTimestampExtractor(config.skewToleranceMs(), metrics);
        StreamsBuilder builder = new StreamsBuilder();

        builder.globalTable(TopicCatalog.NODES.name(),
                Consumed.with(Serdes.String(), serdes.nodeInventory).withName("anomaly-node-inventory-source"),
                Materialized.<String, dev.edgeplane.event.cluster.NodeInventory, KeyValueStore<Bytes, byte[]>>as(
                        StoreNames.NODE_INVENTORY).withKeySerde(Serdes.String()).withValueSerde(serdes.nodeInventory));

        builder.globalTable(TopicCatalog.FOGSERVICES.name(),
                Consumed.with(Serdes.String(), serdes.fogService).withName("anomaly-fogservices-source"),
                Materialized.<String, FogServiceInventory, KeyValueStore<Bytes, byte[]>>as(StoreNames.FOGSERVICES)
                        .withKeySerde(Serdes.String()).withValueSerde(serdes.fogService));

        KStream<String, VerdictOrMarker> verdicts = nodeHealth(builder, config, serdes, metrics, extractor);
        replicaScores(builder, config, serdes, metrics, extractor);
        placementAdvice(builder, config, serdes, verdicts, telemetryPartitions);
        return builder.build();
    }

    private static KStream<String, VerdictOrMarker> nodeHealth(StreamsBuilder builder, AnomalyConfig config,
            TopologySerdes serdes, DataQualityMetrics metrics, SkewJudgingTimestampExtractor extractor) {
        addCachedKeyValueStore(builder, StoreNames.NODE_STREAM_TIME, Serdes.Long());
        addCachedKeyValueStore(builder, StoreNames.NODE_LATE_RECORDS, Serdes.Long());
        addCachedKeyValueStore(builder, StoreNames.NODE_HEALTH, serdes.nodeHealthMemory);
        addCachedKeyValueStore(builder, StoreNames.NODE_PANES, serdes.nodeWindow);

        // One gate behind the merge passes every record the pane aggregator gets, so it can keep the
        // aggregator's stream time in memory instead of reading the store for every record.
        KStream<String, Object> rawMetrics = builder.stream(TopicCatalog.NODE_METRICS.name(),
                        Consumed.with(Serdes.String(), serdes.nodeMetrics).withTimestampExtractor(extractor)
                                .withName("anomaly-node-metrics-source"))
                .mapValues(value -> (Object) value, Named.as("anomaly-node-metrics-as-sample"));
        KStream<String, Object> rawLatency = builder.stream(TopicCatalog.LINK_LATENCY.name(),
                        Consumed.with(Serdes.String(), serdes.linkLatency).withTimestampExtractor(extractor)
                                .withName("anomaly-link-latency-source"))
                .mapValues(value -> (Object) value, Named.as("anomaly-link-latency-as-sample"));
        KStream<String, Object> samples = rawMetrics.merge(rawLatency, Named.as("anomaly-node-samples-raw"))
                .processValues(() -> paneGate(config, metrics, StoreNames.NODE_STREAM_TIME, StoreNames.NODE_LATE_RECORDS),
                        Named.as("anomaly-node-samples-gate"), StoreNames.NODE_STREAM_TIME, StoreNames.NODE_LATE_RECORDS);

        KStream<String, SpecificRecord> health = samples
                .process(() -> new TumblingWindowAggregator<Object, NodeWindow>(StoreNames.NODE_PANES,
                                config.windowPane().toMillis(), config.windowGrace().toMillis(), NodeWindows::empty,
                                NodeWindows::add, true),
                        Named.as("anomaly-node-pane-aggregator"), StoreNames.NODE_PANES)
                .process(() -> new NodeHealthProcessor(config), Named.as("anomaly-node-health"), StoreNames.NODE_HEALTH);
        only(health, NodeHealth.class, "anomaly-node-health-records")
                .to(TopicCatalog.NODE_HEALTH.name(),
                        Produced.with(Serdes.String(), serdes.nodeHealth).withName("anomaly-node-health-sink"));
        // Verdicts and progress markers share one repartition topic, so that a marker follows the
        // verdicts it covers on every partition (see ProgressMarkers).
        return health
                .filter((key, value) -> value instanceof NodeVerdict || value instanceof ProgressMarker,
                        Named.as("anomaly-node-verdicts-filter"))
                .map((key, value) -> value instanceof NodeVerdict verdict
                        ? KeyValue.pair(LocationKeys.key(verdict.getLocation(), key), new VerdictOrMarker(verdict, null))
                        : KeyValue.pair(key, new VerdictOrMarker(null, (ProgressMarker) value)),
                        Named.as("anomaly-node-verdicts-location-key"))
                .repartition(Repartitioned.<String, VerdictOrMarker>as(StoreNames.VERDICTS_BY_LOCATION)
                        .withKeySerde(Serdes.String()).withValueSerde(serdes.verdictOrMarker)
                        .withStreamPartitioner(LocationKeys.verdictPartitioner())
                        .withNumberOfPartitions(TopicCatalog.PLACEMENTS.partitions()));
    }

    private static void replicaScores(StreamsBuilder builder, AnomalyConfig config, TopologySerdes serdes,
            DataQualityMetrics metrics, SkewJudgingTimestampExtractor extractor) {
        addCachedKeyValueStore(builder, StoreNames.REPLICA_STREAM_TIME, Serdes.Long());
        addCachedKeyValueStore(builder, StoreNames.REPLICA_LATE_RECORDS, Serdes.Long());
        addCachedKeyValueStore(builder, StoreNames.REPLICA_WINDOWS, serdes.replicaWindow);
        ReplicaScorer scorer = new ReplicaScorer(config);

        builder.stream(TopicCatalog.REPLICA_METRICS.name(),
                        Consumed.with(Serdes.String(), serdes.replicaMetrics).withTimestampExtractor(extractor)
                                .withName("anomaly-replica-metrics-source"))
                .processValues(() -> new TelemetryGate<ReplicaMetrics>(StoreNames.REPLICA_STREAM_TIME,
                                StoreNames.REPLICA_LATE_RECORDS, config.replicaWindowSize().toMillis(),
                                config.replicaWindowGrace().toMillis(), config.skewToleranceMs(), config.skewAction(),
                                metrics),
                        Named.as("anomaly-replica-metrics-gate"), StoreNames.REPLICA_STREAM_TIME,
                        StoreNames.REPLICA_LATE_RECORDS)
                .process(() -> new TumblingWindowAggregator<ReplicaMetrics, ReplicaWindow>(StoreNames.REPLICA_WINDOWS,
                                config.replicaWindowSize().toMillis(), config.replicaWindowGrace().toMillis(),
                                ReplicaWindows::empty, ReplicaWindows::add, false),
                        Named.as("anomaly-replica-window-aggregator"), StoreNames.REPLICA_WINDOWS)
                .process(() -> new ReplicaScoreProcessor(scorer, config.serviceTargets()),
                        Named.as("anomaly-replica-scorer"))
                .to(TopicCatalog.REPLICA_SCORES.name(),
                        Produced.with(Serdes.String(), serdes.replicaScore).withName("anomaly-replica-scores-sink"));
    }

    private static void placementAdvice(StreamsBuilder builder, AnomalyConfig config, TopologySerdes serdes,
            KStream<String, VerdictOrMarker> verdicts, IntSupplier telemetryPartitions) {
        addKeyValueStore(builder, StoreNames.PLACEMENTS, serdes.podPlacement);
        addKeyValueStore(builder, StoreNames.LOCATION_PODS, serdes.podPlacement);
        addKeyValueStore(builder, StoreNames.FOGSERVICE_REPLICAS, serdes.podPlacement);
        addCachedKeyValueStore(builder, StoreNames.LOCATION_VERDICTS, serdes.nodeVerdict);
        addCachedKeyValueStore(builder, StoreNames.BETTER_STREAKS, serdes.betterStreak);
        addCachedKeyValueStore(builder, StoreNames.DECIDED, Serdes.Long());

        KStream<String, PodPlacement> placements = builder.stream(TopicCatalog.PLACEMENTS.name(),
                        Consumed.with(Serdes.String(), serdes.podPlacement).withName("anomaly-placements-source"))
                .process(PlacementRouter::new, Named.as("anomaly-placement-router"), StoreNames.PLACEMENTS)
                .repartition(Repartitioned.<String, PodPlacement>as(StoreNames.PLACEMENTS_BY_LOCATION)
                        .withKeySerde(Serdes.String()).withValueSerde(serdes.podPlacement)
                        .withStreamPartitioner(LocationKeys.placementPartitioner())
                        .withNumberOfPartitions(TopicCatalog.PLACEMENTS.partitions()));

        KStream<String, SpecificRecord> advice = verdicts
                .mapValues(value -> AdviceInput.of(value), Named.as("anomaly-advice-verdicts"))
                .merge(placements.mapValues(AdviceInput::ofPlacement, Named.as("anomaly-advice-placements")),
                        Named.as("anomaly-advice-inputs"))
                .process(() -> new PlacementAdvisor(config, telemetryPartitions), Named.as("anomaly-placement-advisor"),
                        StoreNames.LOCATION_PODS, StoreNames.FOGSERVICE_REPLICAS, StoreNames.LOCATION_VERDICTS,
                        StoreNames.BETTER_STREAKS, StoreNames.DECIDED);
        only(advice, RescheduleDecision.class, "anomaly-reschedule-decisions")
                .to(TopicCatalog.RESCHEDULE_DECISIONS.name(),
                        Produced.with(Serdes.String(), serdes.decision).withName("anomaly-reschedule-decisions-sink"));
        only(advice, ActionAudit.class, "anomaly-withheld-audits")
                .to(TopicCatalog.AUDIT_ACTIONS.name(),
                        Produced.with(Serdes.String(), serdes.audit).withName("anomaly-audit-sink"));
    }

    private static <V> TelemetryGate<V> gate(AnomalyConfig config, DataQualityMetrics metrics, String streamTimeStore,
            String lateStore) {
        return new TelemetryGate<>(streamTimeStore, lateStore, config.windowSize().toMillis(),
                config.windowGrace().toMillis(), config.skewToleranceMs(), config.skewAction(), metrics);
    }

    /** Returns the gate in front of the node pane aggregate, whose tumbling windows are the panes. */
    private static <V> TelemetryGate<V> paneGate(AnomalyConfig config, DataQualityMetrics metrics, String streamTimeStore,
            String lateStore) {
        return new TelemetryGate<>(streamTimeStore, lateStore, config.windowPane().toMillis(),
                config.windowGrace().toMillis(), config.skewToleranceMs(), config.skewAction(), metrics);
    }

    private static <T> KStream<String, T> only(KStream<String, SpecificRecord> stream, Class<T> type, String name) {
        Function<SpecificRecord, T> cast = type::cast;
        return stream.filter((key, value) -> type.isInstance(value), Named.as(name + "-filter"))
                .mapValues(cast::apply, Named.as(name + "-cast"));
    }

    /** Adds a store written on many records, so that its cache sends one changelog record per key and commit. */
    private static <V> void addCachedKeyValueStore(StreamsBuilder builder, String name, Serde<V> valueSerde) {
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(name), Serdes.String(),
                valueSerde).withCachingEnabled());
    }

    private static <V> void addKeyValueStore(StreamsBuilder builder, String name, Serde<V> valueSerde) {
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(name), Serdes.String(),
                valueSerde));
    }
}
