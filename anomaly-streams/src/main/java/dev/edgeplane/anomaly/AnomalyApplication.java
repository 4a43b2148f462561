package dev.edgeplane.anomaly;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;

import dev.edgeplane.anomaly.internal.DataQualityMetrics;
import dev.edgeplane.anomaly.internal.TelemetryPartitions;
import dev.edgeplane.anomaly.internal.TelemetryProcessingExceptionHandler;
import dev.edgeplane.kafka.health.BrokerHealthCheck;
import dev.edgeplane.schemas.catalog.TopicCatalog;
import dev.edgeplane.schemas.config.KnownSettings;
import dev.edgeplane.schemas.deadletter.DeadLetterDeserializationExceptionHandler;
import dev.edgeplane.schemas.registry.SchemaRegistryClient;
import dev.edgeplane.schemas.serde.AvroSerdeConfig;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code edgeplane-anomaly} Kafka Streams application: exactly-once v2, every internal resource
 * explicitly named, unreadable input dead-lettered by {@link DeadLetterDeserializationExceptionHandler}
 * and skewed telemetry by the processing exception handler.
 *
 * <p>{@link #start()} reads the partition count of the node telemetry topics from the cluster,
 * blocking up to 30 seconds, and returns once the stream threads are started; {@link #close(Duration)} blocks
 * until they stop or the timeout passes. The application owns its {@link KafkaStreams}; the schema
 * registry client and the meter registry stay the caller's to close. {@link #create} binds the Kafka
 * Streams client metrics and the data-quality counters to the meter registry.
 */
public final class AnomalyApplication implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(AnomalyApplication.class);

    /** Producer {@code linger.ms} unless the settings give {@code linger.ms} or {@code producer.linger.ms}. */
    public static final int DEFAULT_PRODUCER_LINGER_MS = 5;

    private static final Duration HEALTH_CHECK_INTERVAL = Duration.ofSeconds(5);
    private static final Duration HEALTH_WARN_INTERVAL = Duration.ofMinutes(1);
    private static final Duration DESCRIBE_TIMEOUT = Duration.ofSeconds(30);

    /**
     * Keys {@link #create} accepts: the application's own, the serde's, and those of Kafka Streams and
     * the clients it creates, plus the prefixes Kafka Streams passes through to one client or to topics.
     */
    public static final KnownSettings KNOWN_SETTINGS = KnownSettings.of("anomaly", AnomalyConfig.CONFIG_DEF.names())
            .withNames(AvroSerdeConfig.CONFIG_DEF.names())
            .withNames(List.of(AvroSerdeConfig.SCHEMA_REGISTRY_CLIENT_CONFIG))
            .withNames(StreamsConfig.configDef().names())
            .withNames(ConsumerConfig.configNames())
            .withNames(ProducerConfig.configNames())
            .withNames(AdminClientConfig.configNames())
            .withPrefixes(StreamsConfig.CONSUMER_PREFIX, StreamsConfig.PRODUCER_PREFIX, StreamsConfig.ADMIN_CLIENT_PREFIX,
                    StreamsConfig.MAIN_CONSUMER_PREFIX, StreamsConfig.RESTORE_CONSUMER_PREFIX,
                    StreamsConfig.GLOBAL_CONSUMER_PREFIX, StreamsConfig.TOPIC_PREFIX);

    private final AnomalyConfig config;
    private final KafkaStreams streams;
    private final KafkaStreamsMetrics streamsMetrics;
    private final Map<String, Object> clientSettings;
    private final AtomicInteger telemetryPartitions;
    private BrokerHealthCheck healthCheck;

    private AnomalyApplication(AnomalyConfig config, KafkaStreams streams, KafkaStreamsMetrics streamsMetrics,
            Map<String, Object> clientSettings, AtomicInteger telemetryPartitions) {
        this.config = config;
        this.streams = streams;
        this.streamsMetrics = streamsMetrics;
        this.clientSettings = clientSettings;
        this.telemetryPartitions = telemetryPartitions;
    }

    /**
     * Creates the application without starting it.
     *
     * @param settings {@link AnomalyConfig} keys plus Kafka Streams settings such as {@code bootstrap.servers}
     *     and {@code state.dir}, which pass through unchanged
     * @throws org.apache.kafka.common.config.ConfigException when a setting is invalid or its key is unknown
     */
    public static AnomalyApplication create(Map<String, ?> settings, SchemaRegistryClient client, MeterRegistry registry) {
        KNOWN_SETTINGS.check(settings);
        AnomalyConfig config = new AnomalyConfig(settings);
        Properties properties = streamsProperties(config, settings, client);
        // Resolved by start(), before any task starts, so that create() needs no broker.
        AtomicInteger telemetryPartitions = new AtomicInteger();
        Topology topology = AnomalyTopology.build(config, client, serdeSettings(settings), registry,
                telemetryPartitions::get);
        KafkaStreams streams = new KafkaStreams(topology, properties);

        DataQualityMetrics.registerAtZero(registry, List.of(TopicCatalog.NODE_METRICS.name(),
                TopicCatalog.LINK_LATENCY.name(), TopicCatalog.REPLICA_METRICS.name()));
        KafkaStreamsMetrics streamsMetrics = new KafkaStreamsMetrics(streams);
        streamsMetrics.bindTo(registry);
        Map<String, Object> clientSettings = new HashMap<>();
        properties.forEach((key, value) -> clientSettings.put(String.valueOf(key), value));
        return new AnomalyApplication(config, streams, streamsMetrics, clientSettings, telemetryPartitions);
    }

    /**
     * Returns the Kafka Streams properties of the application: {@code settings} with the guarantees,
     * handlers and naming rules the application depends on put over them.
     */
    public static Properties streamsProperties(AnomalyConfig config, Map<String, ?> settings, SchemaRegistryClient client) {
        Properties properties = new Properties();
        settings.forEach((key, value) -> {
            if (!AnomalyConfig.CONFIG_DEF.names().contains(key) || StreamsConfig.configDef().names().contains(key)) {
                properties.put(key, value);
            }
        });
        properties.put(StreamsConfig.APPLICATION_ID_CONFIG, config.applicationId());
        properties.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        properties.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, config.commitIntervalMs());
        properties.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, config.streamThreads());
        properties.put(StreamsConfig.ENSURE_EXPLICIT_INTERNAL_RESOURCE_NAMING_CONFIG, true);
        properties.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG,
                DeadLetterDeserializationExceptionHandler.class);
        properties.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, TelemetryProcessingExceptionHandler.class);
        properties.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, true);
        properties.put(AvroSerdeConfig.SCHEMA_REGISTRY_CLIENT_CONFIG, client);
        String producerLinger = StreamsConfig.producerPrefix(ProducerConfig.LINGER_MS_CONFIG);
        if (!settings.containsKey(ProducerConfig.LINGER_MS_CONFIG) && !settings.containsKey(producerLinger)) {
            // Kafka Streams lingers 100 ms, so under exactly-once every commit sent all its records at
            // once and then waited for them; a short linger sends them while the thread processes.
            properties.put(producerLinger, DEFAULT_PRODUCER_LINGER_MS);
        }
        return properties;
    }

    private static Map<String, Object> serdeSettings(Map<String, ?> settings) {
        Map<String, Object> serde = new HashMap<>();
        Object autoRegister = settings.get(AvroSerdeConfig.AUTO_REGISTER_SCHEMAS_CONFIG);
        if (autoRegister != null) {
            serde.put(AvroSerdeConfig.AUTO_REGISTER_SCHEMAS_CONFIG, autoRegister);
        }
        return serde;
    }

    /**
     * Reads the partition count of the node telemetry topics, then starts the stream threads and
     * returns; they run until {@link #close(Duration)}. Blocks up to 30 seconds for the count.
     *
     * @throws IllegalStateException when a node telemetry topic is missing, the two topics have
     *     different partition counts, or the cluster does not respond
     */
    public void start() {
        telemetryPartitions.set(TelemetryPartitions.describe(clientSettings, DESCRIBE_TIMEOUT));
        log.info("Starting {} with {} ms windows, {} ms node panes, {} ms grace, replica windows of {} ms with {} ms grace,"
                + " exactly_once_v2", config.applicationId(), config.windowSize().toMillis(),
                config.windowPane().toMillis(), config.windowGrace().toMillis(), config.replicaWindowSize().toMillis(),
                config.replicaWindowGrace().toMillis());
        streams.start();
        healthCheck = BrokerHealthCheck.start(config.applicationId(), clientSettings, HEALTH_CHECK_INTERVAL,
                HEALTH_WARN_INTERVAL);
    }

    /** Returns the Kafka Streams instance, for its state, metrics and interactive queries. */
    public KafkaStreams streams() {
        return streams;
    }

    /** Returns the resolved settings. */
    public AnomalyConfig config() {
        return config;
    }

    /** Stops the stream threads, waiting up to {@code timeout}; returns whether they stopped in time. */
    public boolean close(Duration timeout) {
        if (healthCheck != null) {
            healthCheck.close();
        }
        boolean stopped = streams.close(timeout);
        streamsMetrics.close();
        log.info("Stopped {}{}", config.applicationId(), stopped ? "" : " (timed out waiting for the stream threads)");
        return stopped;
    }

    /** Stops the stream threads, waiting up to 30 seconds. */
    @Override
    public void close() {
        close(Duration.ofSeconds(30));
    }
}
