package dev.edgeplane.ingest.gateway;

import java.util.Locale;
import java.util.Map;

import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.ValidString;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;

/**
 * Settings of the {@link IngestGateway}, resolved once and immutable. Rules that span several keys
 * are checked here, so a bad combination fails at start with the keys and values named.
 */
public final class IngestGatewayConfig {

    public static final String BOOTSTRAP_SERVERS = "bootstrap.servers";
    private static final String BOOTSTRAP_SERVERS_DOC = "Kafka brokers as host:port pairs, comma-separated.";

    public static final String SCHEMA_REGISTRY_URL = "schema.registry.url";
    private static final String SCHEMA_REGISTRY_URL_DOC = "URL of the schema registry the Avro serializers use.";

    public static final String APPLICATION_ID = "ingest.application.id";
    private static final String APPLICATION_ID_DOC = "Name of this gateway in dead letters and in the Kafka client ids.";

    public static final String BIND_ADDRESS = "ingest.http.bind.address";
    private static final String BIND_ADDRESS_DOC = "Address the HTTP endpoints listen on. The default, 127.0.0.1, accepts"
            + " senders on the same host only; use 0.0.0.0 to accept other hosts.";

    public static final String PORT = "ingest.http.port";
    private static final String PORT_DOC = "TCP port of the HTTP endpoints; 0 picks a free port.";

    public static final String THREADS = "ingest.http.threads";
    private static final String THREADS_DOC = "Threads that handle requests. Each request holds its thread until Kafka"
            + " has acknowledged its events, so this bounds the requests in progress.";

    public static final String MAX_BODY_BYTES = "ingest.max.body.bytes";
    private static final String MAX_BODY_BYTES_DOC = "Largest request body, in bytes, as sent (compressed for remote"
            + " write). A larger body gets HTTP 413.";

    public static final String MAX_UNCOMPRESSED_BYTES = "ingest.remote.write.max.uncompressed.bytes";
    private static final String MAX_UNCOMPRESSED_BYTES_DOC = "Largest remote-write body after snappy decompression, in"
            + " bytes. A larger one gets HTTP 413.";

    public static final String MAX_BATCH_EVENTS = "ingest.max.batch.events";
    private static final String MAX_BATCH_EVENTS_DOC = "Most events in one JSON batch, a count. A larger batch gets"
            + " HTTP 413.";

    public static final String MAX_PENDING_EVENTS = "ingest.max.pending.events";
    private static final String MAX_PENDING_EVENTS_DOC = "Most events sent to Kafka and not yet acknowledged, across all"
            + " requests, a count. A batch that would exceed it gets HTTP 429 with Retry-After and nothing is produced.";

    public static final String ACK_TIMEOUT_MS = "ingest.ack.timeout.ms";
    private static final String ACK_TIMEOUT_MS_DOC = "Longest wait for Kafka to acknowledge the events of one request,"
            + " in milliseconds; also the producer's delivery.timeout.ms. Events not acknowledged by then are answered"
            + " with HTTP 503 and Retry-After.";

    public static final String RETRY_AFTER_SECONDS = "ingest.retry.after.seconds";
    private static final String RETRY_AFTER_SECONDS_DOC = "Value of the Retry-After header of HTTP 429 and 503 answers,"
            + " in seconds.";

    public static final String SKEW_POLICY = "ingest.skew.policy";
    private static final String SKEW_POLICY_DOC = "What happens to an event whose eventTime lies further from the"
            + " receive time than the skew limits allow: 'clamp' sets eventTime to the receive time and keeps the"
            + " original in the record header edgeplane.event-time.original; 'reject' rejects the event.";

    public static final String SKEW_FUTURE_MAX_MS = "ingest.skew.future.max.ms";
    private static final String SKEW_FUTURE_MAX_MS_DOC = "Largest amount, in milliseconds, by which an eventTime may be"
            + " ahead of the gateway's receive time.";

    public static final String SKEW_PAST_MAX_MS = "ingest.skew.past.max.ms";
    private static final String SKEW_PAST_MAX_MS_DOC = "Largest amount, in milliseconds, by which an eventTime may be"
            + " behind the gateway's receive time. Agents resend events they buffered during an outage, so this is"
            + " much larger than the future limit.";

    public static final String CPU_TOLERANCE_RATIO = "ingest.cpu.tolerance.ratio";
    private static final String CPU_TOLERANCE_RATIO_DOC = "Share, from 0.0 to 1.0, by which cpuUsedCores and"
            + " rtBandwidthUsedCpus may exceed the node's cpuCapacityCores before an event is rejected; CPU counters"
            + " sampled at slightly different instants overshoot a little.";

    public static final String DEDUP_WINDOW_MS = "ingest.dedup.window.ms";
    private static final String DEDUP_WINDOW_MS_DOC = "How long the gateway remembers a produced event id, in"
            + " milliseconds. A resend of the id within this window is answered as a duplicate and not produced again."
            + " At start the gateway reads the ids of the telemetry records of this window back from Kafka.";

    public static final String DEDUP_MAX_IDS = "ingest.dedup.max.ids";
    private static final String DEDUP_MAX_IDS_DOC = "Most event ids remembered, a count; the oldest are forgotten first.";

    public static final String RESTORE_TIMEOUT_MS = "ingest.dedup.restore.timeout.ms";
    private static final String RESTORE_TIMEOUT_MS_DOC = "Longest time, in milliseconds, that start may spend reading the"
            + " event ids of the dedup window back from Kafka. Start fails when it runs out.";

    public static final String LINGER_MS = "ingest.producer.linger.ms";
    private static final String LINGER_MS_DOC = "The producer's linger.ms: how long it waits to fill a batch, in"
            + " milliseconds.";

    public static final String AUTH_TOKEN = "ingest.auth.token";
    private static final String AUTH_TOKEN_DOC = "Bearer token that senders must present in 'Authorization: Bearer"
            + " TOKEN'; empty accepts requests without a token. /metrics is not protected.";

    public static final String TLS_KEYSTORE_PATH = "ingest.tls.keystore.path";
    private static final String TLS_KEYSTORE_PATH_DOC = "Keystore with the server's private key and certificate; when"
            + " set, the endpoints speak HTTPS only. Empty serves plain HTTP.";

    public static final String TLS_KEYSTORE_PASSWORD = "ingest.tls.keystore.password";
    private static final String TLS_KEYSTORE_PASSWORD_DOC = "Password of the keystore and of its key.";

    public static final String TLS_KEYSTORE_TYPE = "ingest.tls.keystore.type";
    private static final String TLS_KEYSTORE_TYPE_DOC = "Type of the keystore, such as PKCS12 or JKS.";

    public static final String MAPPING_PATH = "ingest.remote.write.mapping.path";
    private static final String MAPPING_PATH_DOC = "JSON file that maps Prometheus series to telemetry events (format in"
            + " docs/ingest-api.md). Empty uses the built-in mapping of the edgeplane:* recording rules.";

    private static final ConfigDef CONFIG = new ConfigDef()
            .define(BOOTSTRAP_SERVERS, Type.STRING, ConfigDef.NO_DEFAULT_VALUE, new ConfigDef.NonEmptyString(),
                    Importance.HIGH, BOOTSTRAP_SERVERS_DOC)
            .define(SCHEMA_REGISTRY_URL, Type.STRING, ConfigDef.NO_DEFAULT_VALUE, new ConfigDef.NonEmptyString(),
                    Importance.HIGH, SCHEMA_REGISTRY_URL_DOC)
            .define(APPLICATION_ID, Type.STRING, "edgeplane-ingest", new ConfigDef.NonEmptyString(), Importance.LOW,
                    APPLICATION_ID_DOC)
            .define(BIND_ADDRESS, Type.STRING, "127.0.0.1", new ConfigDef.NonEmptyString(), Importance.HIGH,
                    BIND_ADDRESS_DOC)
            .define(PORT, Type.INT, 9470, Range.between(0, 65_535), Importance.HIGH, PORT_DOC)
            .define(THREADS, Type.INT, 16, Range.between(1, 1_024), Importance.MEDIUM, THREADS_DOC)
            .define(MAX_BODY_BYTES, Type.INT, 4 * 1024 * 1024, Range.between(1_024, 256 * 1024 * 1024),
                    Importance.MEDIUM, MAX_BODY_BYTES_DOC)
            .define(MAX_UNCOMPRESSED_BYTES, Type.INT, 32 * 1024 * 1024, Range.between(1_024, 1024 * 1024 * 1024),
                    Importance.LOW, MAX_UNCOMPRESSED_BYTES_DOC)
            .define(MAX_BATCH_EVENTS, Type.INT, 5_000, Range.between(1, 1_000_000), Importance.MEDIUM,
                    MAX_BATCH_EVENTS_DOC)
            .define(MAX_PENDING_EVENTS, Type.INT, 50_000, Range.between(1, 10_000_000), Importance.MEDIUM,
                    MAX_PENDING_EVENTS_DOC)
            .define(ACK_TIMEOUT_MS, Type.LONG, 30_000L, Range.between(1_000, 3_600_000), Importance.MEDIUM,
                    ACK_TIMEOUT_MS_DOC)
            .define(RETRY_AFTER_SECONDS, Type.INT, 1, Range.between(1, 3_600), Importance.LOW, RETRY_AFTER_SECONDS_DOC)
            .define(SKEW_POLICY, Type.STRING, "clamp", ValidString.in("clamp", "reject"), Importance.MEDIUM,
                    SKEW_POLICY_DOC)
            .define(SKEW_FUTURE_MAX_MS, Type.LONG, 10_000L, Range.atLeast(0L), Importance.MEDIUM,
                    SKEW_FUTURE_MAX_MS_DOC)
            .define(SKEW_PAST_MAX_MS, Type.LONG, 3_600_000L, Range.atLeast(0L), Importance.MEDIUM,
                    SKEW_PAST_MAX_MS_DOC)
            .define(CPU_TOLERANCE_RATIO, Type.DOUBLE, 0.05, Range.between(0.0, 1.0), Importance.LOW,
                    CPU_TOLERANCE_RATIO_DOC)
            .define(DEDUP_WINDOW_MS, Type.LONG, 600_000L, Range.between(1_000, 7L * 24 * 3_600_000), Importance.MEDIUM,
                    DEDUP_WINDOW_MS_DOC)
            .define(DEDUP_MAX_IDS, Type.INT, 1_000_000, Range.between(1, 100_000_000), Importance.LOW,
                    DEDUP_MAX_IDS_DOC)
            .define(RESTORE_TIMEOUT_MS, Type.LONG, 60_000L, Range.between(100, 3_600_000), Importance.LOW,
                    RESTORE_TIMEOUT_MS_DOC)
            .define(LINGER_MS, Type.INT, 5, Range.between(0, 1_000), Importance.LOW, LINGER_MS_DOC)
            .define(AUTH_TOKEN, Type.PASSWORD, "", Importance.HIGH, AUTH_TOKEN_DOC)
            .define(TLS_KEYSTORE_PATH, Type.STRING, "", Importance.HIGH, TLS_KEYSTORE_PATH_DOC)
            .define(TLS_KEYSTORE_PASSWORD, Type.PASSWORD, "", Importance.HIGH, TLS_KEYSTORE_PASSWORD_DOC)
            .define(TLS_KEYSTORE_TYPE, Type.STRING, "PKCS12", new ConfigDef.NonEmptyString(), Importance.LOW,
                    TLS_KEYSTORE_TYPE_DOC)
            .define(MAPPING_PATH, Type.STRING, "", Importance.MEDIUM, MAPPING_PATH_DOC);

    /** What happens to an event whose event time is outside the skew limits. */
    public enum SkewPolicy {
        /** Set the event time to the receive time and keep the original in a header. */
        CLAMP,
        /** Reject the event. */
        REJECT
    }

    private final String bootstrapServers;
    private final String schemaRegistryUrl;
    private final String applicationId;
    private final String bindAddress;
    private final int port;
    private final int threads;
    private final int maxBodyBytes;
    private final int maxUncompressedBytes;
    private final int maxBatchEvents;
    private final int maxPendingEvents;
    private final long ackTimeoutMs;
    private final int retryAfterSeconds;
    private final SkewPolicy skewPolicy;
    private final long skewFutureMaxMs;
    private final long skewPastMaxMs;
    private final double cpuToleranceRatio;
    private final long dedupWindowMs;
    private final int dedupMaxIds;
    private final long restoreTimeoutMs;
    private final int lingerMs;
    private final Password authToken;
    private final String tlsKeystorePath;
    private final Password tlsKeystorePassword;
    private final String tlsKeystoreType;
    private final String mappingPath;

    private IngestGatewayConfig(AbstractConfig parsed) {
        bootstrapServers = parsed.getString(BOOTSTRAP_SERVERS);
        schemaRegistryUrl = parsed.getString(SCHEMA_REGISTRY_URL);
        applicationId = parsed.getString(APPLICATION_ID);
        bindAddress = parsed.getString(BIND_ADDRESS);
        port = parsed.getInt(PORT);
        threads = parsed.getInt(THREADS);
        maxBodyBytes = parsed.getInt(MAX_BODY_BYTES);
        maxUncompressedBytes = parsed.getInt(MAX_UNCOMPRESSED_BYTES);
        maxBatchEvents = parsed.getInt(MAX_BATCH_EVENTS);
        maxPendingEvents = parsed.getInt(MAX_PENDING_EVENTS);
        ackTimeoutMs = parsed.getLong(ACK_TIMEOUT_MS);
        retryAfterSeconds = parsed.getInt(RETRY_AFTER_SECONDS);
        skewPolicy = SkewPolicy.valueOf(parsed.getString(SKEW_POLICY).toUpperCase(Locale.ROOT));
        skewFutureMaxMs = parsed.getLong(SKEW_FUTURE_MAX_MS);
        skewPastMaxMs = parsed.getLong(SKEW_PAST_MAX_MS);
        cpuToleranceRatio = parsed.getDouble(CPU_TOLERANCE_RATIO);
        dedupWindowMs = parsed.getLong(DEDUP_WINDOW_MS);
        dedupMaxIds = parsed.getInt(DEDUP_MAX_IDS);
        restoreTimeoutMs = parsed.getLong(RESTORE_TIMEOUT_MS);
        lingerMs = parsed.getInt(LINGER_MS);
        authToken = parsed.getPassword(AUTH_TOKEN);
        tlsKeystorePath = parsed.getString(TLS_KEYSTORE_PATH).strip();
        tlsKeystorePassword = parsed.getPassword(TLS_KEYSTORE_PASSWORD);
        tlsKeystoreType = parsed.getString(TLS_KEYSTORE_TYPE);
        mappingPath = parsed.getString(MAPPING_PATH).strip();
        checkCombinations();
    }

    private void checkCombinations() {
        if (maxUncompressedBytes < maxBodyBytes) {
            throw new ConfigException(MAX_UNCOMPRESSED_BYTES + " (" + maxUncompressedBytes + ") must be at least "
                    + MAX_BODY_BYTES + " (" + maxBodyBytes + "), because snappy never shrinks a body below its"
                    + " compressed size by much; raise " + MAX_UNCOMPRESSED_BYTES + " or lower " + MAX_BODY_BYTES);
        }
        if (maxPendingEvents < maxBatchEvents) {
            throw new ConfigException(MAX_PENDING_EVENTS + " (" + maxPendingEvents + ") must be at least "
                    + MAX_BATCH_EVENTS + " (" + maxBatchEvents + "), or the largest allowed batch always gets HTTP 429");
        }
        if (dedupWindowMs < skewFutureMaxMs) {
            throw new ConfigException(DEDUP_WINDOW_MS + " (" + dedupWindowMs + ") must be at least "
                    + SKEW_FUTURE_MAX_MS + " (" + skewFutureMaxMs + ")");
        }
        if (!tlsKeystorePath.isEmpty() && tlsKeystorePassword.value().isEmpty()) {
            throw new ConfigException(TLS_KEYSTORE_PASSWORD + " is empty but " + TLS_KEYSTORE_PATH + " is set to "
                    + tlsKeystorePath + "; give the keystore's password");
        }
    }

    /**
     * Parses and checks settings; keys this class does not define are ignored.
     *
     * @throws ConfigException if a value is missing or invalid; the message names the key
     */
    public static IngestGatewayConfig from(Map<String, ?> settings) {
        return new IngestGatewayConfig(new AbstractConfig(CONFIG, settings, false));
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

    public String applicationId() {
        return applicationId;
    }

    public String bindAddress() {
        return bindAddress;
    }

    public int port() {
        return port;
    }

    public int threads() {
        return threads;
    }

    public int maxBodyBytes() {
        return maxBodyBytes;
    }

    public int maxUncompressedBytes() {
        return maxUncompressedBytes;
    }

    public int maxBatchEvents() {
        return maxBatchEvents;
    }

    public int maxPendingEvents() {
        return maxPendingEvents;
    }

    public long ackTimeoutMs() {
        return ackTimeoutMs;
    }

    public int retryAfterSeconds() {
        return retryAfterSeconds;
    }

    public SkewPolicy skewPolicy() {
        return skewPolicy;
    }

    public long skewFutureMaxMs() {
        return skewFutureMaxMs;
    }

    public long skewPastMaxMs() {
        return skewPastMaxMs;
    }

    public double cpuToleranceRatio() {
        return cpuToleranceRatio;
    }

    public long dedupWindowMs() {
        return dedupWindowMs;
    }

    public int dedupMaxIds() {
        return dedupMaxIds;
    }

    public long restoreTimeoutMs() {
        return restoreTimeoutMs;
    }

    public int lingerMs() {
        return lingerMs;
    }

    /** Returns the bearer token senders must present, empty when none is required. */
    public String authToken() {
        return authToken.value();
    }

    /** Returns the keystore path, empty when the gateway serves plain HTTP. */
    public String tlsKeystorePath() {
        return tlsKeystorePath;
    }

    public String tlsKeystorePassword() {
        return tlsKeystorePassword.value();
    }

    public String tlsKeystoreType() {
        return tlsKeystoreType;
    }

    /** Returns the remote-write mapping file, empty for the built-in mapping. */
    public String mappingPath() {
        return mappingPath;
    }
}
