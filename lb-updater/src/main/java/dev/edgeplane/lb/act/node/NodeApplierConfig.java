package dev.edgeplane.lb.act.node;

import java.util.Map;

import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;

/**
 * Settings of the {@link NodeApplierService}, resolved once. The iptables settings travel in the
 * same map and are parsed by {@link dev.edgeplane.lb.act.iptables.IptablesApplierConfig}.
 */
public final class NodeApplierConfig {

    public static final String BOOTSTRAP_SERVERS = "bootstrap.servers";
    private static final String BOOTSTRAP_SERVERS_DOC = "Kafka brokers as host:port pairs, comma-separated.";

    public static final String SCHEMA_REGISTRY_URL = "schema.registry.url";
    private static final String SCHEMA_REGISTRY_URL_DOC = "URL of the schema registry the Avro deserializer uses.";

    public static final String NODE = "lb.node";
    private static final String NODE_DOC = "Node this applier runs on; it applies the weight sets planned for it.";

    public static final String APPLY_INTERVAL_MS = "lb.apply.interval.ms";
    private static final String APPLY_INTERVAL_MS_DOC = "Shortest time between two applies in milliseconds. Weight"
            + " sets that arrive within it are applied together in one iptables-restore transaction.";

    public static final String RESYNC_INTERVAL_MS = "lb.apply.resync.interval.ms";
    private static final String RESYNC_INTERVAL_MS_DOC = "Time in milliseconds after which the rules are applied again"
            + " even when no weight set changed, because kube-proxy drops Edgeplane's jumps whenever it rewrites its"
            + " chains. An apply that finds the rules in place writes nothing.";

    public static final String POLL_TIMEOUT_MS = "lb.apply.poll.timeout.ms";
    private static final String POLL_TIMEOUT_MS_DOC = "Longest wait of one consumer poll, in milliseconds; it bounds"
            + " how late an apply can start.";

    public static final String APPLICATION_ID = "lb.apply.application.id";
    private static final String APPLICATION_ID_DOC = "Name of this applier in logs and in the Kafka client id.";

    private static final ConfigDef CONFIG = new ConfigDef()
            .define(BOOTSTRAP_SERVERS, Type.STRING, ConfigDef.NO_DEFAULT_VALUE, new ConfigDef.NonEmptyString(),
                    Importance.HIGH, BOOTSTRAP_SERVERS_DOC)
            .define(SCHEMA_REGISTRY_URL, Type.STRING, ConfigDef.NO_DEFAULT_VALUE, new ConfigDef.NonEmptyString(),
                    Importance.HIGH, SCHEMA_REGISTRY_URL_DOC)
            .define(NODE, Type.STRING, ConfigDef.NO_DEFAULT_VALUE, new ConfigDef.NonEmptyString(), Importance.HIGH,
                    NODE_DOC)
            .define(APPLY_INTERVAL_MS, Type.LONG, 500L, Range.between(0, 3_600_000), Importance.MEDIUM,
                    APPLY_INTERVAL_MS_DOC)
            .define(RESYNC_INTERVAL_MS, Type.LONG, 10_000L, Range.between(100, 3_600_000), Importance.MEDIUM,
                    RESYNC_INTERVAL_MS_DOC)
            .define(POLL_TIMEOUT_MS, Type.LONG, 100L, Range.between(1, 10_000), Importance.LOW, POLL_TIMEOUT_MS_DOC)
            .define(APPLICATION_ID, Type.STRING, "edgeplane-lb-apply", new ConfigDef.NonEmptyString(), Importance.LOW,
                    APPLICATION_ID_DOC);

    private final String bootstrapServers;
    private final String schemaRegistryUrl;
    private final String node;
    private final long applyIntervalMs;
    private final long resyncIntervalMs;
    private final long pollTimeoutMs;
    private final String applicationId;

    private NodeApplierConfig(AbstractConfig parsed) {
        bootstrapServers = parsed.getString(BOOTSTRAP_SERVERS);
        schemaRegistryUrl = parsed.getString(SCHEMA_REGISTRY_URL);
        node = parsed.getString(NODE).strip();
        applyIntervalMs = parsed.getLong(APPLY_INTERVAL_MS);
        resyncIntervalMs = parsed.getLong(RESYNC_INTERVAL_MS);
        pollTimeoutMs = parsed.getLong(POLL_TIMEOUT_MS);
        applicationId = parsed.getString(APPLICATION_ID);
        if (resyncIntervalMs < applyIntervalMs) {
            throw new ConfigException(RESYNC_INTERVAL_MS + " (" + resyncIntervalMs + ") must be at least "
                    + APPLY_INTERVAL_MS + " (" + applyIntervalMs + ")");
        }
    }

    /**
     * Parses and checks settings; keys this class does not define are ignored.
     *
     * @throws ConfigException if a value is missing or invalid; the message names the key
     */
    public static NodeApplierConfig from(Map<String, ?> settings) {
        return new NodeApplierConfig(new AbstractConfig(CONFIG, settings, false));
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

    public String node() {
        return node;
    }

    public long applyIntervalMs() {
        return applyIntervalMs;
    }

    public long resyncIntervalMs() {
        return resyncIntervalMs;
    }

    public long pollTimeoutMs() {
        return pollTimeoutMs;
    }

    public String applicationId() {
        return applicationId;
    }
}
