package dev.edgeplane.schemas.catalog;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

import org.apache.kafka.common.config.TopicConfig;

/**
 * The declared shape of one Kafka topic: its name, key, Avro value record, partitions, replication,
 * cleanup policy, retention and the compatibility mode of its value schema. Immutable.
 *
 * <p>Names follow {@code edgeplane.<domain>.<event>}, where a breaking schema change gets a new
 * topic whose event ends in a version suffix such as {@code -v2}. The dead-letter topic
 * {@code edgeplane.deadletter} has a domain and no event, because it collects records from every
 * domain.
 *
 * @param name               topic name
 * @param key                what the string record key contains
 * @param valueRecord        full name (namespace and name) of the Avro record in the value
 * @param partitions         partition count
 * @param replicationFactor  replicas per partition declared for production
 * @param minInSyncReplicas  {@code min.insync.replicas} declared for production
 * @param cleanupPolicy      {@code cleanup.policy}
 * @param retention          {@code retention.ms} of a DELETE topic; empty for a COMPACT topic, where
 *                           compaction and not time decides which records stay
 * @param compatibility      compatibility mode of the value subject in the schema registry
 * @param description        what the records contain, for people
 */
public record TopicSpec(
        String name,
        TopicKey key,
        String valueRecord,
        int partitions,
        short replicationFactor,
        int minInSyncReplicas,
        CleanupPolicy cleanupPolicy,
        Optional<Duration> retention,
        CompatibilityMode compatibility,
        String description) {

    /** Pattern of a topic name: {@code edgeplane.<domain>} with an optional {@code .<event>}. */
    public static final Pattern NAME_PATTERN = Pattern.compile("edgeplane\\.[a-z]+(\\.[a-z][a-z0-9]*(-[a-z0-9]+)*)?");

    private static final Pattern AVRO_FULL_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)+");

    /**
     * Validates the spec.
     *
     * @throws IllegalArgumentException if a value is invalid or the settings contradict each other
     */
    public TopicSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(valueRecord, "valueRecord");
        Objects.requireNonNull(cleanupPolicy, "cleanupPolicy");
        Objects.requireNonNull(retention, "retention");
        Objects.requireNonNull(compatibility, "compatibility");
        Objects.requireNonNull(description, "description");

        if (!NAME_PATTERN.matcher(name).matches()) {
            throw new IllegalArgumentException("Invalid topic name '" + name + "': use edgeplane.<domain>.<event> "
                    + "with a lowercase domain and a lowercase, hyphenated event, e.g. edgeplane.telemetry.node-metrics.");
        }
        if (!AVRO_FULL_NAME.matcher(valueRecord).matches()) {
            throw new IllegalArgumentException("Invalid value record '" + valueRecord + "' for topic " + name
                    + ": give the full Avro name with its namespace, e.g. dev.edgeplane.event.telemetry.NodeMetrics.");
        }
        if (partitions < 1) {
            throw new IllegalArgumentException("Invalid partition count " + partitions + " for topic " + name + ": it must be at least 1.");
        }
        if (replicationFactor < 1) {
            throw new IllegalArgumentException("Invalid replication factor " + replicationFactor + " for topic " + name
                    + ": it must be at least 1.");
        }
        if (minInSyncReplicas < 1 || minInSyncReplicas > replicationFactor) {
            throw new IllegalArgumentException("Invalid min.insync.replicas " + minInSyncReplicas + " for topic " + name
                    + ": it must be between 1 and the replication factor " + replicationFactor + ".");
        }
        checkRetention(name, cleanupPolicy, retention);
        if (cleanupPolicy == CleanupPolicy.COMPACT && !key.identifiesEntity()) {
            throw new IllegalArgumentException("Invalid key " + key + " for compacted topic " + name + ": compaction keeps the "
                    + "latest record per key, so the key must name a node, pod or service, not an event.");
        }
    }

    /** Returns a builder with the production defaults of {@link TopicCatalog}. */
    public static Builder builder(String name) {
        return new Builder(name);
    }

    /** Returns the domain, the second part of the name, e.g. {@code telemetry}. */
    public String domain() {
        return name.split("\\.")[1];
    }

    /** Returns whether the log is compacted. */
    public boolean compacted() {
        return cleanupPolicy == CleanupPolicy.COMPACT;
    }

    /**
     * Returns the schema registry subject of the value schema under the registry's default topic
     * name strategy: the topic name followed by {@code -value}.
     */
    public String valueSubject() {
        return name + "-value";
    }

    /**
     * Returns the topic configs this spec declares, with {@code min.insync.replicas} set to
     * {@code minInSyncReplicas} so that a caller can lower it on a small cluster.
     */
    public Map<String, String> configs(int minInSyncReplicas) {
        Map<String, String> configs = new LinkedHashMap<>();
        configs.put(TopicConfig.CLEANUP_POLICY_CONFIG, cleanupPolicy.configValue());
        retention.ifPresent(r -> configs.put(TopicConfig.RETENTION_MS_CONFIG, String.valueOf(r.toMillis())));
        configs.put(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, String.valueOf(minInSyncReplicas));
        return Map.copyOf(configs);
    }

    private static void checkRetention(String name, CleanupPolicy cleanupPolicy, Optional<Duration> retention) {
        if (cleanupPolicy == CleanupPolicy.DELETE && retention.isEmpty()) {
            throw new IllegalArgumentException("Missing retention for topic " + name + ": a topic with cleanup.policy delete "
                    + "must declare how long it keeps records.");
        }
        if (cleanupPolicy == CleanupPolicy.COMPACT && retention.isPresent()) {
            throw new IllegalArgumentException("Invalid retention " + retention.get() + " for compacted topic " + name
                    + ": compaction, not time, decides what a compacted topic keeps, so declare no retention.");
        }
        if (retention.isPresent() && (retention.get().isNegative() || retention.get().isZero())) {
            throw new IllegalArgumentException("Invalid retention " + retention.get() + " for topic " + name + ": it must be positive.");
        }
    }

    /** Builds a {@link TopicSpec}. Not thread-safe. */
    public static final class Builder {
        private final String name;
        private TopicKey key;
        private String valueRecord;
        private int partitions;
        private short replicationFactor = TopicCatalog.REPLICATION_FACTOR;
        private int minInSyncReplicas = TopicCatalog.MIN_IN_SYNC_REPLICAS;
        private CleanupPolicy cleanupPolicy = CleanupPolicy.DELETE;
        private Duration retention;
        private CompatibilityMode compatibility = TopicCatalog.COMPATIBILITY;
        private String description = "";

        private Builder(String name) {
            this.name = name;
        }

        /** Sets what the record key contains. */
        public Builder key(TopicKey key) {
            this.key = key;
            return this;
        }

        /** Sets the full Avro name of the value record. */
        public Builder valueRecord(String valueRecord) {
            this.valueRecord = valueRecord;
            return this;
        }

        /** Sets the partition count. */
        public Builder partitions(int partitions) {
            this.partitions = partitions;
            return this;
        }

        /** Sets the production replication factor; the default is {@link TopicCatalog#REPLICATION_FACTOR}. */
        public Builder replicationFactor(int replicationFactor) {
            if (replicationFactor > Short.MAX_VALUE) {
                throw new IllegalArgumentException("Invalid replication factor " + replicationFactor + " for topic " + name
                        + ": it must be at most " + Short.MAX_VALUE + ".");
            }
            this.replicationFactor = (short) replicationFactor;
            return this;
        }

        /** Sets the production {@code min.insync.replicas}; the default is {@link TopicCatalog#MIN_IN_SYNC_REPLICAS}. */
        public Builder minInSyncReplicas(int minInSyncReplicas) {
            this.minInSyncReplicas = minInSyncReplicas;
            return this;
        }

        /** Makes the topic a DELETE topic that keeps records for {@code retention}. */
        public Builder deleteAfter(Duration retention) {
            this.cleanupPolicy = CleanupPolicy.DELETE;
            this.retention = retention;
            return this;
        }

        /** Makes the topic a COMPACT topic, which keeps the latest record per key. */
        public Builder compacted() {
            this.cleanupPolicy = CleanupPolicy.COMPACT;
            this.retention = null;
            return this;
        }

        /** Sets the compatibility mode of the value subject; the default is {@link TopicCatalog#COMPATIBILITY}. */
        public Builder compatibility(CompatibilityMode compatibility) {
            this.compatibility = compatibility;
            return this;
        }

        /** Sets what the records contain, for people. */
        public Builder description(String description) {
            this.description = description;
            return this;
        }

        /**
         * Builds the spec.
         *
         * @throws IllegalArgumentException if a setting is missing or invalid
         */
        public TopicSpec build() {
            if (key == null) {
                throw new IllegalArgumentException("Missing key for topic " + name + ": call key(TopicKey).");
            }
            if (valueRecord == null) {
                throw new IllegalArgumentException("Missing value record for topic " + name + ": call valueRecord(String).");
            }
            return new TopicSpec(name, key, valueRecord, partitions, replicationFactor, minInSyncReplicas, cleanupPolicy,
                    Optional.ofNullable(retention), compatibility, description);
        }
    }
}
