package dev.edgeplane.schemas;

import java.util.List;
import java.util.Optional;

import dev.edgeplane.event.audit.ActionAudit;
import dev.edgeplane.event.cluster.FogServiceInventory;
import dev.edgeplane.event.cluster.NodeInventory;
import dev.edgeplane.event.cluster.PodPlacement;
import dev.edgeplane.event.deadletter.DeadLetter;
import dev.edgeplane.event.decision.RescheduleDecision;
import dev.edgeplane.event.lb.ServiceWeights;
import dev.edgeplane.event.state.NodeHealth;
import dev.edgeplane.event.state.ReplicaScore;
import dev.edgeplane.event.telemetry.LinkLatency;
import dev.edgeplane.event.telemetry.NodeMetrics;
import dev.edgeplane.event.telemetry.ReplicaMetrics;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;

/**
 * The top-level event records, one per topic value, whose schemas are versioned and checked for
 * compatibility. Records nested inside them, such as {@code Evidence}, are versioned as part of
 * each record that contains them.
 */
public final class EventSchemas {

    /** Generated classes of the top-level event records. */
    public static final List<Class<? extends SpecificRecord>> EVENT_CLASSES = List.of(
            NodeMetrics.class,
            LinkLatency.class,
            ReplicaMetrics.class,
            NodeInventory.class,
            PodPlacement.class,
            FogServiceInventory.class,
            NodeHealth.class,
            ReplicaScore.class,
            RescheduleDecision.class,
            ServiceWeights.class,
            ActionAudit.class,
            DeadLetter.class);

    private EventSchemas() {
    }

    /** Returns the current schema of every top-level event record, in {@link #EVENT_CLASSES} order. */
    public static List<Schema> all() {
        return EVENT_CLASSES.stream().map(EventSchemas::schemaOf).toList();
    }

    /** Finds the current schema of a top-level event record by simple name (NodeMetrics) or full name. */
    public static Optional<Schema> find(String name) {
        return all().stream()
                .filter(schema -> schema.getName().equals(name) || schema.getFullName().equals(name))
                .findFirst();
    }

    /** Returns the schema of a generated class. */
    public static Schema schemaOf(Class<? extends SpecificRecord> type) {
        return SpecificData.get().getSchema(type);
    }
}
