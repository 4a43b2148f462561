package dev.edgeplane.schemas.catalog;

/**
 * Content of a topic's record key. Every Edgeplane key is a string, serialized as UTF-8 by Kafka's
 * {@code StringSerializer}, so no key schema is registered.
 */
public enum TopicKey {

    /** The Kubernetes node name. */
    NODE("node", true),

    /** The pod as {@code namespace/name}. */
    POD("namespace/pod", true),

    /** The pod's uid, which a pod recreated under the same name does not share. */
    POD_UID("pod uid", true),

    /** The Kubernetes service as {@code namespace/name}. */
    SERVICE("namespace/service", true),

    /**
     * The Kubernetes service and the client node a record is for, as {@code namespace/service@node},
     * or {@code namespace/service} for a record that applies to every node. Load-balancing weights
     * differ per client node, and compaction keeps one record per key, so the node must be part of
     * the key for every node's weights to survive.
     */
    SERVICE_CLIENT_NODE("namespace/service@node", true),

    /** The id of the decision that an action carries out. */
    DECISION_ID("decision id", false),

    /** The name of the topic a rejected record was read from. */
    SOURCE_TOPIC("source topic", false);

    private final String format;
    private final boolean entityIdentity;

    TopicKey(String format, boolean entityIdentity) {
        this.format = format;
        this.entityIdentity = entityIdentity;
    }

    /** Returns the key format as shown in the topic table, e.g. {@code namespace/pod}. */
    public String format() {
        return format;
    }

    /**
     * Returns whether the key names one cluster entity (a node, pod or service, or a service as seen from
     * one node). Only such keys suit a
     * compacted topic, because compaction keeps the latest record per key as that entity's state.
     */
    public boolean identifiesEntity() {
        return entityIdentity;
    }

    /** Returns the Java type of the key, {@code String} for every Edgeplane topic. */
    public Class<String> javaType() {
        return String.class;
    }
}
