package dev.edgeplane.lb;

import java.util.Map;

import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;

/**
 * Settings of the {@link LbUpdater} service, resolved once. The planner, applier and HTTP settings
 * travel in the same map and are parsed by their own config classes.
 */
public final class LbUpdaterConfig {

    public static final String BOOTSTRAP_SERVERS = "bootstrap.servers";
    private static final String BOOTSTRAP_SERVERS_DOC = "Kafka brokers as host:port pairs, comma-separated.";

    public static final String SCHEMA_REGISTRY_URL = "schema.registry.url";
    private static final String SCHEMA_REGISTRY_URL_DOC = "URL of the schema registry the Avro serdes use.";

    public static final String PLAN_INTERVAL_MS = "lb.plan.interval.ms";
    private static final String PLAN_INTERVAL_MS_DOC = "Time between two planning cycles, in milliseconds. Each cycle"
            + " plans every service for every client node and publishes the weights.";

    public static final String REPLICA_EXPIRY_MS = "lb.replica.expiry.ms";
    private static final String REPLICA_EXPIRY_MS_DOC = "Time after the end of a replica's latest scored window after"
            + " which the replica counts as gone and leaves its service, in milliseconds.";

    public static final String POLL_TIMEOUT_MS = "lb.poll.timeout.ms";
    private static final String POLL_TIMEOUT_MS_DOC = "Longest wait of one consumer poll, in milliseconds; it bounds"
            + " how late a planning cycle can start.";

    public static final String APPLICATION_ID = "lb.application.id";
    private static final String APPLICATION_ID_DOC = "Name of this updater in dead letters and in the Kafka client ids.";

    public static final String NODE = "lb.node";
    private static final String NODE_DOC = "Node whose rules this updater applies or prints; empty applies none.";

    public static final String RESTORE_TIMEOUT_MS = "lb.restore.timeout.ms";
    private static final String RESTORE_TIMEOUT_MS_DOC = "Longest time in milliseconds to read edgeplane.lb.weights back"
            + " at start, to resume each service's generation; the updater does not start when it runs out.";

    public static final String PLANNING_THREADS = "lb.planning.threads";
    private static final String PLANNING_THREADS_DOC = "Threads that plan a cycle's services in parallel, the loop"
            + " thread included, from 0 to 256. Each thread has its own planner and a fixed share of the services."
            + " 0, the default, uses one thread per processor available to the JVM.";

    private static final ConfigDef CONFIG = new ConfigDef()
            .define(BOOTSTRAP_SERVERS, Type.STRING, ConfigDef.NO_DEFAULT_VALUE, new ConfigDef.NonEmptyString(),
                    Importance.HIGH, BOOTSTRAP_SERVERS_DOC)
            .define(SCHEMA_REGISTRY_URL, Type.STRING, ConfigDef.NO_DEFAULT_VALUE, new ConfigDef.NonEmptyString(),
                    Importance.HIGH, SCHEMA_REGISTRY_URL_DOC)
            .define(PLAN_INTERVAL_MS, Type.LONG, 1_000L, Range.between(10, 3_600_000), Importance.MEDIUM,
                    PLAN_INTERVAL_MS_DOC)
            .define(REPLICA_EXPIRY_MS, Type.LONG, 60_000L, Range.atLeast(1), Importance.LOW, REPLICA_EXPIRY_MS_DOC)
            .define(POLL_TIMEOUT_MS, Type.LONG, 100L, Range.between(1, 10_000), Importance.LOW, POLL_TIMEOUT_MS_DOC)
            .define(APPLICATION_ID, Type.STRING, "edgeplane-lb-updater", new ConfigDef.NonEmptyString(),
                    Importance.LOW, APPLICATION_ID_DOC)
            .define(NODE, Type.STRING, "", Importance.MEDIUM, NODE_DOC)
            .define(RESTORE_TIMEOUT_MS, Type.LONG, 30_000L, Range.between(1, 3_600_000), Importance.LOW,
                    RESTORE_TIMEOUT_MS_DOC)
            .define(PLANNING_THREADS, Type.INT, 0, Range.between(0, 256), Importance.LOW, PLANNING_THREADS_DOC);

    private final String bootstrapServers;
    private final String schemaRegistryUrl;
    private final long planIntervalMs;
    private final long replicaExpiryMs;
    private final long pollTimeoutMs;
    private final String applicationId;
    private final String node;
    private final long restoreTimeoutMs;
    private final int planningThreads;

    private LbUpdaterConfig(AbstractConfig parsed) {
        bootstrapServers = parsed.getString(BOOTSTRAP_SERVERS);
        schemaRegistryUrl = parsed.getString(SCHEMA_REGISTRY_URL);
        planIntervalMs = parsed.getLong(PLAN_INTERVAL_MS);
        replicaExpiryMs = parsed.getLong(REPLICA_EXPIRY_MS);
        pollTimeoutMs = parsed.getLong(POLL_TIMEOUT_MS);
        applicationId = parsed.getString(APPLICATION_ID);
        node = parsed.getString(NODE).strip();
        restoreTimeoutMs = parsed.getLong(RESTORE_TIMEOUT_MS);
        int threads = parsed.getInt(PLANNING_THREADS);
        planningThreads = threads == 0 ? Runtime.getRuntime().availableProcessors() : threads;
        if (replicaExpiryMs < planIntervalMs) {
            throw new ConfigException(REPLICA_EXPIRY_MS + " (" + replicaExpiryMs + ") must be at least "
                    + PLAN_INTERVAL_MS + " (" + planIntervalMs + "), or replicas expire between two cycles");
        }
    }

    /**
     * Parses and checks settings; keys this class does not define are ignored.
     *
     * @throws ConfigException if a value is missing or invalid; the message names the key
     */
    public static LbUpdaterConfig from(Map<String, ?> settings) {
        return new LbUpdaterConfig(new AbstractConfig(CONFIG, settings, false));
    }

    /** Returns the definition of every key, for help output and documentation. */
    public static ConfigDef configDef() {
        return new ConfigDef(CONFIG);
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    public String schemaRegistryUrl() {
        return schemaRegistryUrl;
    }

    public long planIntervalMs() {
        return planIntervalMs;
    }

    public long replicaExpiryMs() {
        return replicaExpiryMs;
    }

    public long pollTimeoutMs() {
        return pollTimeoutMs;
    }

    public String applicationId() {
        return applicationId;
    }

    public long restoreTimeoutMs() {
        return restoreTimeoutMs;
    }

    /** Returns the number of planning threads, with 0 already resolved to the available processors. */
    public int planningThreads() {
        return planningThreads;
    }

    /** Returns the node whose rules are applied or printed, empty for none. */
    public String node() {
        return node;
    }
}
