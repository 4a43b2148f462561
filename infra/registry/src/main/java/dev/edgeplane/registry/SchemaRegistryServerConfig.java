package dev.edgeplane.registry;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;

/**
 * Settings of a {@link SchemaRegistryServer}. Key names follow the Confluent Schema Registry where
 * it has one ({@code kafkastore.*}, {@code schema.compatibility.level}).
 *
 * <p>Settings whose names start with {@value #KAFKA_CLIENT_PREFIX} are passed, without the prefix,
 * to the Kafka admin client, producer and consumer of the schemas topic, for example
 * {@code kafkastore.client.security.protocol}.
 */
public final class SchemaRegistryServerConfig extends AbstractConfig {

    public static final String BOOTSTRAP_SERVERS_CONFIG = "kafkastore.bootstrap.servers";
    private static final String BOOTSTRAP_SERVERS_DOC = "Kafka bootstrap servers (host:port list) of the cluster that holds the schemas topic.";

    public static final String TOPIC_CONFIG = "kafkastore.topic";
    public static final String TOPIC_DEFAULT = "_schemas";
    private static final String TOPIC_DOC = "Compacted single-partition topic that stores schemas and compatibility settings. "
            + "It is created if missing; an existing topic that is not compacted or has more than one partition is rejected.";

    public static final String TRANSACTIONAL_ID_CONFIG = "kafkastore.transactional.id";
    private static final String TRANSACTIONAL_ID_DOC = "Kafka transactional id of the writer. A registry that starts with the same id "
            + "fences the one that ran before it, so only one instance writes to the topic. Empty means 'edgeplane-registry-' followed by the topic name.";

    public static final String TIMEOUT_MS_CONFIG = "kafkastore.timeout.ms";
    private static final String TIMEOUT_MS_DOC = "Maximum time in milliseconds for one write to the schemas topic, from catching up "
            + "with the topic through the acknowledged write until the write is applied; a request that exceeds it gets HTTP 500 with error code 50001.";

    public static final String INIT_TIMEOUT_MS_CONFIG = "kafkastore.init.timeout.ms";
    private static final String INIT_TIMEOUT_MS_DOC = "Maximum time in milliseconds at start-up to create or check the schemas topic "
            + "and read it to its end.";

    public static final String HEALTH_CHECK_INTERVAL_MS_CONFIG = "kafkastore.health.check.interval.ms";
    private static final String HEALTH_CHECK_INTERVAL_MS_DOC = "Time in milliseconds between two checks that the registry "
            + "reaches its Kafka cluster. When the cluster becomes unreachable the registry logs a WARN, repeats it at most "
            + "once a minute while the cluster stays unreachable, and logs an INFO when it is back.";

    public static final String LISTENER_HOST_CONFIG = "listener.host";
    private static final String LISTENER_HOST_DOC = "Address the HTTP server binds to; 0.0.0.0 listens on every interface.";

    public static final String LISTENER_PORT_CONFIG = "listener.port";
    private static final String LISTENER_PORT_DOC = "TCP port of the HTTP server; 0 picks a free port, which SchemaRegistryServer.url() then reports.";

    public static final String HTTP_THREADS_CONFIG = "http.threads";
    private static final String HTTP_THREADS_DOC = "Number of threads that serve HTTP requests.";

    public static final String HTTP_QUEUE_SIZE_CONFIG = "http.queue.size";
    private static final String HTTP_QUEUE_SIZE_DOC = "Number of accepted requests that may wait for a free HTTP thread. "
            + "When the queue is full the accepting thread serves the request itself, which slows down accepting new connections.";

    public static final String HTTP_MAX_REQUEST_BYTES_CONFIG = "http.max.request.bytes";
    private static final String HTTP_MAX_REQUEST_BYTES_DOC = "Largest request body in bytes; a larger body gets HTTP 413.";

    public static final String COMPATIBILITY_LEVEL_CONFIG = "schema.compatibility.level";
    private static final String COMPATIBILITY_LEVEL_DOC = "Global compatibility level used until PUT /config sets another one. One of "
            + CompatibilityLevel.validNames() + ".";

    /** Prefix of settings passed to the Kafka clients of the schemas topic. */
    public static final String KAFKA_CLIENT_PREFIX = "kafkastore.client.";

    private static final ConfigDef CONFIG = new ConfigDef()
            .define(BOOTSTRAP_SERVERS_CONFIG, Type.STRING, ConfigDef.NO_DEFAULT_VALUE, new ConfigDef.NonEmptyString(),
                    Importance.HIGH, BOOTSTRAP_SERVERS_DOC)
            .define(TOPIC_CONFIG, Type.STRING, TOPIC_DEFAULT, new ConfigDef.NonEmptyString(), Importance.HIGH, TOPIC_DOC)
            .define(TRANSACTIONAL_ID_CONFIG, Type.STRING, "", Importance.MEDIUM, TRANSACTIONAL_ID_DOC)
            .define(TIMEOUT_MS_CONFIG, Type.LONG, 10_000L, Range.atLeast(1), Importance.MEDIUM, TIMEOUT_MS_DOC)
            .define(INIT_TIMEOUT_MS_CONFIG, Type.LONG, 60_000L, Range.atLeast(1), Importance.MEDIUM, INIT_TIMEOUT_MS_DOC)
            .define(HEALTH_CHECK_INTERVAL_MS_CONFIG, Type.LONG, 5_000L, Range.between(100, 600_000), Importance.LOW,
                    HEALTH_CHECK_INTERVAL_MS_DOC)
            .define(LISTENER_HOST_CONFIG, Type.STRING, "127.0.0.1", new ConfigDef.NonEmptyString(), Importance.HIGH, LISTENER_HOST_DOC)
            .define(LISTENER_PORT_CONFIG, Type.INT, 8081, Range.between(0, 65535), Importance.HIGH, LISTENER_PORT_DOC)
            .define(HTTP_THREADS_CONFIG, Type.INT, 8, Range.atLeast(1), Importance.LOW, HTTP_THREADS_DOC)
            .define(HTTP_QUEUE_SIZE_CONFIG, Type.INT, 100, Range.atLeast(1), Importance.LOW, HTTP_QUEUE_SIZE_DOC)
            .define(HTTP_MAX_REQUEST_BYTES_CONFIG, Type.INT, 4 * 1024 * 1024, Range.atLeast(1024), Importance.LOW,
                    HTTP_MAX_REQUEST_BYTES_DOC)
            .define(COMPATIBILITY_LEVEL_CONFIG, Type.STRING, CompatibilityLevel.BACKWARD.name(),
                    SchemaRegistryServerConfig::validateLevel, Importance.MEDIUM, COMPATIBILITY_LEVEL_DOC);

    /**
     * Parses and checks {@code originals}.
     *
     * @throws ConfigException naming the key and value that are missing or invalid
     */
    public SchemaRegistryServerConfig(Map<?, ?> originals) {
        super(CONFIG, originals, false);
    }

    /** Returns the definitions of every key, for documentation. */
    public static ConfigDef configDef() {
        return new ConfigDef(CONFIG);
    }

    public String bootstrapServers() {
        return getString(BOOTSTRAP_SERVERS_CONFIG);
    }

    public String topic() {
        return getString(TOPIC_CONFIG);
    }

    /** Returns the configured transactional id, or the one derived from the topic name. */
    public String transactionalId() {
        String configured = getString(TRANSACTIONAL_ID_CONFIG);
        return configured.isBlank() ? "edgeplane-registry-" + topic() : configured;
    }

    public Duration timeout() {
        return Duration.ofMillis(getLong(TIMEOUT_MS_CONFIG));
    }

    public Duration initTimeout() {
        return Duration.ofMillis(getLong(INIT_TIMEOUT_MS_CONFIG));
    }

    public Duration healthCheckInterval() {
        return Duration.ofMillis(getLong(HEALTH_CHECK_INTERVAL_MS_CONFIG));
    }

    /** Returns the settings of the registry's Kafka clients: the bootstrap servers and the pass-through settings. */
    public Map<String, Object> kafkaClientSettings() {
        Map<String, Object> settings = new HashMap<>(kafkaClientOverrides());
        settings.put("bootstrap.servers", bootstrapServers());
        return settings;
    }

    public String listenerHost() {
        return getString(LISTENER_HOST_CONFIG);
    }

    public int listenerPort() {
        return getInt(LISTENER_PORT_CONFIG);
    }

    public int httpThreads() {
        return getInt(HTTP_THREADS_CONFIG);
    }

    public int httpQueueSize() {
        return getInt(HTTP_QUEUE_SIZE_CONFIG);
    }

    public int maxRequestBytes() {
        return getInt(HTTP_MAX_REQUEST_BYTES_CONFIG);
    }

    public CompatibilityLevel defaultCompatibilityLevel() {
        return CompatibilityLevel.parse(getString(COMPATIBILITY_LEVEL_CONFIG)).orElseThrow();
    }

    /** Returns the pass-through settings of the Kafka clients, without their prefix. */
    public Map<String, Object> kafkaClientOverrides() {
        return originalsWithPrefix(KAFKA_CLIENT_PREFIX);
    }

    private static void validateLevel(String name, Object value) {
        if (value == null || CompatibilityLevel.parse(value.toString()).isEmpty()) {
            throw new ConfigException(name, value, "Invalid compatibility level: use one of " + CompatibilityLevel.validNames() + ".");
        }
    }
}
