package dev.edgeplane.ingest.gateway.internal;

import java.util.Arrays;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import dev.edgeplane.event.telemetry.LinkLatency;
import dev.edgeplane.event.telemetry.NodeMetrics;
import dev.edgeplane.event.telemetry.ReplicaMetrics;
import dev.edgeplane.schemas.catalog.TopicCatalog;
import dev.edgeplane.schemas.catalog.TopicSpec;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;

/** The telemetry events the gateway accepts, with the name senders use, the topic and the record key. */
public enum EventType {
    NODE_METRICS("node-metrics", TopicCatalog.NODE_METRICS, NodeMetrics.getClassSchema(), NodeMetrics::new,
            record -> ((NodeMetrics) record).getNode()),
    LINK_LATENCY("link-latency", TopicCatalog.LINK_LATENCY, LinkLatency.getClassSchema(), LinkLatency::new,
            record -> ((LinkLatency) record).getTargetNode()),
    REPLICA_METRICS("replica-metrics", TopicCatalog.REPLICA_METRICS, ReplicaMetrics.getClassSchema(), ReplicaMetrics::new,
            record -> ((ReplicaMetrics) record).getNamespace() + "/" + ((ReplicaMetrics) record).getPod());

    private static final java.util.Map<String, EventType> BY_WIRE_NAME = Arrays.stream(values())
            .collect(Collectors.toUnmodifiableMap(EventType::wireName, Function.identity()));

    private final String wireName;
    private final TopicSpec topic;
    private final Schema schema;
    private final Supplier<SpecificRecord> constructor;
    private final Function<SpecificRecord, String> key;
    private final int eventTimePosition;
    private final int receiveTimePosition;
    private final int sourcePosition;

    EventType(String wireName, TopicSpec topic, Schema schema, Supplier<SpecificRecord> constructor,
            Function<SpecificRecord, String> key) {
        this.wireName = wireName;
        this.topic = topic;
        this.schema = schema;
        this.constructor = constructor;
        this.key = key;
        this.eventTimePosition = schema.getField("eventTime").pos();
        this.receiveTimePosition = schema.getField("receiveTime").pos();
        this.sourcePosition = schema.getField("source").pos();
    }

    /** Returns the position of the {@code eventTime} field in the record. */
    public int eventTimePosition() {
        return eventTimePosition;
    }

    /** Returns the position of the {@code receiveTime} field, which the gateway sets. */
    public int receiveTimePosition() {
        return receiveTimePosition;
    }

    /** Returns the position of the {@code source} field, which the gateway sets. */
    public int sourcePosition() {
        return sourcePosition;
    }

    /** Returns a new record of this type with every field unset, without reflection. */
    public SpecificRecord newRecord() {
        return constructor.get();
    }

    /** Returns the name in the {@code type} field of a JSON event, such as {@code node-metrics}. */
    public String wireName() {
        return wireName;
    }

    public TopicSpec topic() {
        return topic;
    }

    public Schema schema() {
        return schema;
    }

    /** Returns the record key: the node, the target node, or namespace/pod. */
    public String keyOf(SpecificRecord record) {
        return key.apply(record);
    }

    /** Returns the type called {@code wireName}, or empty. */
    public static Optional<EventType> fromWireName(String wireName) {
        return Optional.ofNullable(BY_WIRE_NAME.get(wireName));
    }

    /** Returns the names senders may use, for error messages. */
    public static String wireNames() {
        return Arrays.stream(values()).map(EventType::wireName).collect(Collectors.joining(", "));
    }
}
