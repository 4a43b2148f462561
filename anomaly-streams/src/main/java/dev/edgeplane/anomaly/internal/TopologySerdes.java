package dev.edgeplane.anomaly.internal;

import java.util.Map;

import dev.edgeplane.anomaly.internal.state.BetterStreak;
import dev.edgeplane.anomaly.internal.state.NodeHealthMemory;
import dev.edgeplane.anomaly.internal.state.NodeVerdict;
import dev.edgeplane.anomaly.internal.state.NodeWindow;
import dev.edgeplane.anomaly.internal.state.ReplicaWindow;
import dev.edgeplane.anomaly.internal.state.VerdictOrMarker;
import dev.edgeplane.event.audit.ActionAudit;
import dev.edgeplane.event.cluster.FogServiceInventory;
import dev.edgeplane.event.cluster.NodeInventory;
import dev.edgeplane.event.cluster.PodPlacement;
import dev.edgeplane.event.decision.RescheduleDecision;
import dev.edgeplane.event.state.NodeHealth;
import dev.edgeplane.event.state.ReplicaScore;
import dev.edgeplane.event.telemetry.LinkLatency;
import dev.edgeplane.event.telemetry.NodeMetrics;
import dev.edgeplane.event.telemetry.ReplicaMetrics;
import dev.edgeplane.schemas.registry.SchemaRegistryClient;
import dev.edgeplane.schemas.serde.SpecificAvroSerde;
import org.apache.avro.specific.SpecificRecord;

/**
 * The value serdes of every topic and store of the topology, all in the Confluent wire format
 * through one schema registry client, which stays the caller's to close. State store and internal
 * topic records register their schemas under their internal topic's subject like any other value.
 */
public final class TopologySerdes {

    public final SpecificAvroSerde<NodeMetrics> nodeMetrics;
    public final SpecificAvroSerde<LinkLatency> linkLatency;
    public final SpecificAvroSerde<ReplicaMetrics> replicaMetrics;
    public final SpecificAvroSerde<NodeInventory> nodeInventory;
    public final SpecificAvroSerde<PodPlacement> podPlacement;
    public final SpecificAvroSerde<FogServiceInventory> fogService;
    public final SpecificAvroSerde<NodeHealth> nodeHealth;
    public final SpecificAvroSerde<ReplicaScore> replicaScore;
    public final SpecificAvroSerde<RescheduleDecision> decision;
    public final SpecificAvroSerde<ActionAudit> audit;
    public final SpecificAvroSerde<NodeWindow> nodeWindow;
    public final SpecificAvroSerde<NodeHealthMemory> nodeHealthMemory;
    public final SpecificAvroSerde<NodeVerdict> nodeVerdict;
    public final SpecificAvroSerde<VerdictOrMarker> verdictOrMarker;
    public final SpecificAvroSerde<BetterStreak> betterStreak;
    public final SpecificAvroSerde<ReplicaWindow> replicaWindow;

    /** Creates configured serdes; {@code configs} may set {@code auto.register.schemas}. */
    public TopologySerdes(SchemaRegistryClient client, Map<String, ?> configs) {
        nodeMetrics = serde(client, NodeMetrics.class, configs);
        linkLatency = serde(client, LinkLatency.class, configs);
        replicaMetrics = serde(client, ReplicaMetrics.class, configs);
        nodeInventory = serde(client, NodeInventory.class, configs);
        podPlacement = serde(client, PodPlacement.class, configs);
        fogService = serde(client, FogServiceInventory.class, configs);
        nodeHealth = serde(client, NodeHealth.class, configs);
        replicaScore = serde(client, ReplicaScore.class, configs);
        decision = serde(client, RescheduleDecision.class, configs);
        audit = serde(client, ActionAudit.class, configs);
        nodeWindow = serde(client, NodeWindow.class, configs);
        nodeHealthMemory = serde(client, NodeHealthMemory.class, configs);
        nodeVerdict = serde(client, NodeVerdict.class, configs);
        verdictOrMarker = serde(client, VerdictOrMarker.class, configs);
        betterStreak = serde(client, BetterStreak.class, configs);
        replicaWindow = serde(client, ReplicaWindow.class, configs);
    }

    private static <T extends SpecificRecord> SpecificAvroSerde<T> serde(SchemaRegistryClient client, Class<T> type,
            Map<String, ?> configs) {
        return SpecificAvroSerde.of(client, type, configs, false);
    }
}
