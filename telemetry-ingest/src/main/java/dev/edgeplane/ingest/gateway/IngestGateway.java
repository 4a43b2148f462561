package dev.edgeplane.ingest.gateway;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dev.edgeplane.ingest.gateway.internal.BatchProcessor;
import dev.edgeplane.ingest.gateway.internal.EventIdRestorer;
import dev.edgeplane.ingest.gateway.internal.EventPublisher;
import dev.edgeplane.ingest.gateway.internal.EventType;
import dev.edgeplane.ingest.gateway.internal.EventValidator;
import dev.edgeplane.ingest.gateway.internal.GatewayMetrics;
import dev.edgeplane.ingest.gateway.internal.GatewayRoutes;
import dev.edgeplane.ingest.gateway.internal.RecentEventIds;
import dev.edgeplane.ingest.gateway.internal.SeriesMapper;
import dev.edgeplane.ingest.gateway.internal.SeriesMapping;
import dev.edgeplane.schemas.deadletter.DeadLetters;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ingest gateway: accepts telemetry as JSON batches and as Prometheus remote write, validates
 * it and produces Avro events to the telemetry topics, answering each request only after Kafka has
 * acknowledged its events. Formats and answers are described in docs/ingest-api.md.
 *
 * <pre>{@code
 * try (IngestGateway gateway = IngestGateway.start(settings, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT))) {
 *     URI endpoint = URI.create(gateway.baseUrl() + "/v1/telemetry");
 * }
 * }</pre>
 *
 * <p>The gateway owns its Kafka producer and its HTTP threads; {@link #close} stops both. The meter
 * registry stays the caller's. See DESIGN.md in the internal package for the threads.
 */
public final class IngestGateway implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(IngestGateway.class);

    /**
     * System property that makes the JDK HTTP server set TCP_NODELAY on its connections; false by
     * default in JDK 17 ({@code sun.net.httpserver.ServerConfig}).
     */
    public static final String TCP_NO_DELAY_PROPERTY = "sun.net.httpserver.nodelay";

    /**
     * System property that makes the JDK HTTP server close a connection whose request took longer
     * than this many seconds to arrive. JDK 17 sets no limit by default.
     */
    public static final String MAX_REQUEST_TIME_PROPERTY = "sun.net.httpserver.maxReqTime";

    /** Seconds a sender may take to send one request before the gateway closes its connection. */
    public static final long MAX_REQUEST_SECONDS = 60;

    static {
        enableTcpNoDelay();
        limitRequestTime();
    }
    private static final List<String> TELEMETRY_TOPICS = java.util.Arrays.stream(EventType.values())
            .map(type -> type.topic().name()).toList();

    private final IngestGatewayConfig config;
    private final Producer<byte[], byte[]> producer;
    private final EventPublisher publisher;
    private final HttpServer server;
    private final GatewayRoutes routes;
    private final ExecutorService executor;
    private final boolean tls;
    private volatile boolean closed;

    private IngestGateway(IngestGatewayConfig config, Producer<byte[], byte[]> producer, EventPublisher publisher,
            HttpServer server, GatewayRoutes routes, ExecutorService executor, boolean tls) {
        this.config = config;
        this.producer = producer;
        this.publisher = publisher;
        this.server = server;
        this.routes = routes;
        this.executor = executor;
        this.tls = tls;
    }

    /**
     * Loads the remote-write mapping, reads the recent event ids back from Kafka, binds the port and
     * starts serving. Blocks until requests are accepted.
     *
     * @param settings {@link IngestGatewayConfig} keys
     * @param meters   receives the gateway's meters and is served at /metrics; the caller closes it
     * @throws org.apache.kafka.common.config.ConfigException if a setting is invalid
     * @throws IllegalArgumentException if the mapping file or keystore is invalid
     * @throws IllegalStateException if a telemetry topic is missing or the ids cannot be read in time
     * @throws UncheckedIOException if the port cannot be bound
     */
    public static IngestGateway start(Map<String, ?> settings, PrometheusMeterRegistry meters) {
        return start(settings, meters, Clock.systemUTC());
    }

    /** Same as {@link #start(Map, PrometheusMeterRegistry)} with another clock for receive times. */
    public static IngestGateway start(Map<String, ?> settings, PrometheusMeterRegistry meters, Clock clock) {
        IngestGatewayConfig config = IngestGatewayConfig.from(settings);
        SeriesMapper mapper = new SeriesMapper(SeriesMapping.load(config.mappingPath()));
        RecentEventIds ids = new RecentEventIds(config.dedupWindowMs(), config.dedupMaxIds());
        // Against an unreachable cluster the reads below wait for the timeout with nothing else to show.
        log.info("Reading the event ids of the last {} ms back from Kafka at {}, waiting up to {} = {} ms for it",
                config.dedupWindowMs(), config.bootstrapServers(), IngestGatewayConfig.RESTORE_TIMEOUT_MS,
                config.restoreTimeoutMs());
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerSettings(config),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            EventIdRestorer.restore(consumer, TELEMETRY_TOPICS, ids, clock.millis(), config.dedupWindowMs(),
                    config.restoreTimeoutMs());
            // Rejected items are dead-lettered from request threads. A missing topic would block each
            // such request for the producer's max.block.ms, so the topic is checked once here.
            List<?> deadLetterPartitions = consumer.partitionsFor(DeadLetters.TOPIC,
                    Duration.ofMillis(config.restoreTimeoutMs()));
            if (deadLetterPartitions == null || deadLetterPartitions.isEmpty()) {
                throw new IllegalStateException("Topic " + DeadLetters.TOPIC + " does not exist; create the Edgeplane"
                        + " topics first with edgeplane topics --bootstrap-server " + config.bootstrapServers());
            }
        }

        Producer<byte[], byte[]> producer = new KafkaProducer<>(producerSettings(config), new ByteArraySerializer(),
                new ByteArraySerializer());
        HttpServer server = null;
        ExecutorService executor = null;
        try {
            GatewayMetrics metrics = new GatewayMetrics(meters);
            metrics.registerDedupEvictions(ids);
            Map<String, Object> serdeSettings = Map.of(IngestGatewayConfig.SCHEMA_REGISTRY_URL, config.schemaRegistryUrl());
            EventPublisher publisher = new EventPublisher(producer, serdeSettings, ids, metrics, config.applicationId(), clock);
            BatchProcessor processor = new BatchProcessor(config, new EventValidator(config), ids, publisher, metrics, clock);
            metrics.registerBufferDepth(processor::pendingEvents);
            GatewayRoutes routes = new GatewayRoutes(config, mapper, processor, metrics, meters::scrape, clock);

            server = createServer(config);
            executor = Executors.newFixedThreadPool(config.threads(), threadFactory(config.applicationId()));
            routes.register(server);
            server.setExecutor(executor);
            server.start();
            IngestGateway gateway = new IngestGateway(config, producer, publisher, server, routes, executor,
                    server instanceof HttpsServer);
            log.info("Ingest gateway {} listening on {} ({} and {}), producing to {}", config.applicationId(),
                    gateway.baseUrl(), GatewayRoutes.TELEMETRY_PATH, GatewayRoutes.REMOTE_WRITE_PATH, TELEMETRY_TOPICS);
            return gateway;
        } catch (RuntimeException e) {
            if (server != null) {
                server.stop(0);
            }
            if (executor != null) {
                executor.shutdownNow();
            }
            producer.close();
            throw e;
        }
    }

    /** Returns the port the gateway listens on, useful when it was started with port 0. */
    public int port() {
        return server.getAddress().getPort();
    }

    /** Returns the base URL, such as {@code http://127.0.0.1:9470}, without a trailing slash. */
    public String baseUrl() {
        return (tls ? "https" : "http") + "://" + config.bindAddress() + ":" + port();
    }

    /**
     * Stops accepting requests, lets those in progress finish for up to the ack timeout, then
     * flushes and closes the producer. Blocks; safe to call more than once.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            routes.stopAccepting(config.ackTimeoutMs() + 1_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        server.stop(0);
        executor.shutdownNow();
        producer.close(java.time.Duration.ofMillis(config.ackTimeoutMs()));
        publisher.close();
        log.info("Ingest gateway {} stopped", config.applicationId());
    }

    /**
     * Sets {@value #TCP_NO_DELAY_PROPERTY} to true unless it is set. With Nagle's algorithm on,
     * the JDK server's small writes can wait for the client's delayed ACK (40 ms minimum on
     * Linux). A 150 KB POST to a bare JDK server took about 50 ms with the default and 7 ms with
     * the property, which capped the gateway near 160 answers a second for 8 senders. The server
     * reads the property once per JVM, when the first JDK HTTP server starts. So a JVM that starts
     * another one before the gateway class loads must call this first (the edgeplane command does).
     */
    public static void enableTcpNoDelay() {
        if (System.getProperty(TCP_NO_DELAY_PROPERTY) == null) {
            System.setProperty(TCP_NO_DELAY_PROPERTY, "true");
        }
    }

    /**
     * Sets {@value #MAX_REQUEST_TIME_PROPERTY} to {@value #MAX_REQUEST_SECONDS} unless it is set.
     * Without it, 16 clients that send a request body slowly, or never, hold every request thread.
     * The gateway then serves no one, /metrics included, until they disconnect.
     * The limit covers receiving the request only: the wait for Kafka's acknowledgement comes after
     * the body was read. Like {@link #enableTcpNoDelay}, it applies to every JDK HTTP server of the
     * JVM and must run before the first one starts.
     */
    public static void limitRequestTime() {
        if (System.getProperty(MAX_REQUEST_TIME_PROPERTY) == null) {
            System.setProperty(MAX_REQUEST_TIME_PROPERTY, Long.toString(MAX_REQUEST_SECONDS));
        }
    }

    private static HttpServer createServer(IngestGatewayConfig config) {
        InetSocketAddress address = new InetSocketAddress(config.bindAddress(), config.port());
        try {
            if (config.tlsKeystorePath().isEmpty()) {
                return HttpServer.create(address, 0);
            }
            HttpsServer server = HttpsServer.create(address, 0);
            server.setHttpsConfigurator(new HttpsConfigurator(sslContext(config)));
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot listen on " + address + " for the ingest gateway: " + e.getMessage()
                    + "; choose another " + IngestGatewayConfig.PORT + " or " + IngestGatewayConfig.BIND_ADDRESS, e);
        }
    }

    private static SSLContext sslContext(IngestGatewayConfig config) {
        char[] password = config.tlsKeystorePassword().toCharArray();
        try (InputStream in = Files.newInputStream(Path.of(config.tlsKeystorePath()))) {
            KeyStore keyStore = KeyStore.getInstance(config.tlsKeystoreType());
            keyStore.load(in, password);
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(keyStore, password);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys.getKeyManagers(), null, null);
            return context;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("Cannot load the TLS keystore " + config.tlsKeystorePath() + " of type "
                    + config.tlsKeystoreType() + ": " + e.getMessage() + "; check " + IngestGatewayConfig.TLS_KEYSTORE_PATH
                    + ", " + IngestGatewayConfig.TLS_KEYSTORE_TYPE + " and " + IngestGatewayConfig.TLS_KEYSTORE_PASSWORD, e);
        }
    }

    private static java.util.concurrent.ThreadFactory threadFactory(String applicationId) {
        AtomicInteger number = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, applicationId + "-http-" + number.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    private static Map<String, Object> consumerSettings(IngestGatewayConfig config) {
        Map<String, Object> settings = new HashMap<>();
        settings.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
        settings.put(ConsumerConfig.CLIENT_ID_CONFIG, config.applicationId() + "-id-restore");
        settings.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        return settings;
    }

    private static Map<String, Object> producerSettings(IngestGatewayConfig config) {
        Map<String, Object> settings = new HashMap<>();
        settings.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
        settings.put(ProducerConfig.CLIENT_ID_CONFIG, config.applicationId() + "-producer");
        settings.put(ProducerConfig.ACKS_CONFIG, "all");
        settings.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        settings.put(ProducerConfig.LINGER_MS_CONFIG, config.lingerMs());
        settings.put(ProducerConfig.BATCH_SIZE_CONFIG, 64 * 1024);
        // The outcome of every send must be known before the request's wait ends.
        settings.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) config.ackTimeoutMs());
        settings.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.max(500, config.ackTimeoutMs() / 2 - config.lingerMs()));
        settings.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) Math.min(config.ackTimeoutMs(), 5_000));
        return settings;
    }
}
