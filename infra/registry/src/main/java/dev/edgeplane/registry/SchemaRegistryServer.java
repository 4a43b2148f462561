package dev.edgeplane.registry;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.edgeplane.kafka.health.BrokerHealthCheck;
import dev.edgeplane.registry.internal.KafkaSchemaStore;
import dev.edgeplane.registry.internal.RegistryHttpHandler;
import dev.edgeplane.registry.internal.RegistryRoutes;
import dev.edgeplane.registry.internal.RegistryService;
import dev.edgeplane.registry.internal.RegistryState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A schema registry that serves the Confluent Schema Registry REST API for Avro schemas and keeps
 * its schemas and compatibility settings in a compacted, single-partition Kafka topic, so ids stay
 * the same across restarts.
 *
 * <pre>{@code
 * try (SchemaRegistryServer registry = SchemaRegistryServer.builder()
 *         .bootstrapServers(broker.bootstrapServers()).port(0).build().start()) {
 *     String url = registry.url();
 * }
 * }</pre>
 *
 * <p>{@link #start()} blocks until the topic has been read to its end. The server owns its Kafka
 * clients, reader thread, broker health check and HTTP threads, and {@link #close()} stops them
 * all. It may be called any number of times, from any thread. Only one instance writes to a topic at a time: starting
 * another with the same transactional id fences this one, which then only serves reads (see
 * DESIGN.md in this package).
 */
public final class SchemaRegistryServer implements AutoCloseable {

    static {
        // Without TCP_NODELAY the JDK server's small responses wait for the client's delayed ACK,
        // about 40 ms for every request after the first on a kept-alive connection. The JDK reads
        // this property once, when its HTTP server classes load.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    private static final Logger log = LoggerFactory.getLogger(SchemaRegistryServer.class);
    private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration HEALTH_WARN_INTERVAL = Duration.ofMinutes(1);

    private final SchemaRegistryServerConfig config;
    private final Object lock = new Object();
    private KafkaSchemaStore store;
    private HttpServer httpServer;
    private RegistryHttpHandler handler;
    private ThreadPoolExecutor executor;
    private BrokerHealthCheck healthCheck;
    private String url;
    private boolean started;
    private boolean closed;

    private SchemaRegistryServer(SchemaRegistryServerConfig config) {
        this.config = config;
    }

    /** Returns a builder; {@link Builder#bootstrapServers} is required. */
    public static Builder builder() {
        return new Builder();
    }

    /** Creates a server from {@link SchemaRegistryServerConfig} keys; call {@link #start()} next. */
    public static SchemaRegistryServer fromConfig(Map<String, ?> settings) {
        return new SchemaRegistryServer(new SchemaRegistryServerConfig(settings));
    }

    /**
     * Creates or checks the schemas topic, reads it to its end, then binds the HTTP port. Blocks
     * until requests can be served.
     *
     * @return this server
     * @throws RegistryStartException if the topic or port is unusable; everything opened so far is closed
     * @throws IllegalStateException if called twice or after {@link #close()}
     */
    public SchemaRegistryServer start() {
        synchronized (lock) {
            if (closed || started) {
                throw new IllegalStateException(closed ? "The registry is closed; build a new SchemaRegistryServer to start another."
                        : "The registry is already running at " + url + ".");
            }
            started = true;
            try {
                // Bind first: a start that fails on a taken port must not reach the store, whose
                // transactional writer would fence the instance that already serves this topic.
                bindHttp();
                RegistryState state = new RegistryState();
                store = new KafkaSchemaStore(config, state);
                store.start();
                RegistryService service = new RegistryService(state, store, config.defaultCompatibilityLevel(), config.timeout());
                serveHttp(service);
                // The Kafka clients log a lost broker under their client ids on every reconnect
                // attempt, so this check reports it under the registry's name, rate-limited.
                healthCheck = BrokerHealthCheck.start("edgeplane-registry-" + config.topic(), config.kafkaClientSettings(),
                        config.healthCheckInterval(), HEALTH_WARN_INTERVAL);
            } catch (RuntimeException e) {
                closeResources();
                closed = true;
                throw e;
            }
            log.info("Schema registry serving {} from topic '{}' of {}", url, config.topic(), config.bootstrapServers());
            return this;
        }
    }

    private void bindHttp() {
        try {
            httpServer = HttpServer.create(new InetSocketAddress(config.listenerHost(), config.listenerPort()), 0);
        } catch (IOException e) {
            throw new RegistryStartException("Binding the registry's HTTP server to " + config.listenerHost() + ":" + config.listenerPort()
                    + " failed: " + e.getMessage() + ". Choose a free port with " + SchemaRegistryServerConfig.LISTENER_PORT_CONFIG
                    + " (0 picks one).", e);
        }
        InetSocketAddress bound = httpServer.getAddress();
        String host = bound.getAddress().isAnyLocalAddress() ? "127.0.0.1" : bound.getAddress().getHostAddress();
        url = "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + bound.getPort();
    }

    private void serveHttp(RegistryService service) {
        ObjectMapper mapper = new ObjectMapper();
        handler = new RegistryHttpHandler(new RegistryRoutes(service, mapper).router(), mapper,
                config.maxRequestBytes());
        AtomicInteger threadNumber = new AtomicInteger();
        // When every thread is busy and the queue is full, the accepting thread serves the request
        // itself: that slows accepting down instead of dropping connections.
        executor = new ThreadPoolExecutor(config.httpThreads(), config.httpThreads(), 60, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(config.httpQueueSize()), runnable -> {
                    Thread thread = new Thread(runnable, "edgeplane-registry-http-" + threadNumber.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                }, new ThreadPoolExecutor.CallerRunsPolicy());
        httpServer.createContext("/", handler);
        httpServer.setExecutor(executor);
        httpServer.start();
    }

    /**
     * Returns the base URL clients use, such as {@code http://127.0.0.1:8081}. A server bound to
     * every interface reports the loopback address.
     *
     * @throws IllegalStateException if the server is not running
     */
    public String url() {
        synchronized (lock) {
            if (url == null || closed) {
                throw new IllegalStateException("The registry is not running: call start() first.");
            }
            return url;
        }
    }

    /** Returns the settings this server runs with. */
    public SchemaRegistryServerConfig config() {
        return config;
    }

    /**
     * Rejects new requests with 503, waits up to 10 s for running ones, then closes the HTTP server,
     * the Kafka clients and the threads. Blocks until done. Idempotent.
     */
    @Override
    public void close() {
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            closeResources();
            if (url != null) {
                log.info("Schema registry at {} stopped", url);
            }
        }
    }

    private void closeResources() {
        if (healthCheck != null) {
            healthCheck.close();
        }
        try {
            if (handler != null && !handler.drain(DRAIN_TIMEOUT)) {
                log.warn("Registry requests still running after {} s; closing their connections", DRAIN_TIMEOUT.toSeconds());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (httpServer != null) {
            // drain() above has let running requests finish, and a positive delay can keep the
            // JDK 17 server waiting with only idle keep-alive connections open.
            httpServer.stop(0);
        }
        if (executor != null) {
            executor.shutdownNow();
        }
        if (store != null) {
            store.close();
        }
    }

    /** Collects settings for a {@link SchemaRegistryServer}; each method sets one {@link SchemaRegistryServerConfig} key. */
    public static final class Builder {
        private final Map<String, Object> settings = new HashMap<>();

        private Builder() {
        }

        /** Sets the Kafka cluster that contains the schemas topic (required). */
        public Builder bootstrapServers(String bootstrapServers) {
            return set(SchemaRegistryServerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        }

        /** Sets the schemas topic; default {@value SchemaRegistryServerConfig#TOPIC_DEFAULT}. */
        public Builder topic(String topic) {
            return set(SchemaRegistryServerConfig.TOPIC_CONFIG, topic);
        }

        /** Sets the HTTP port; 0 picks a free one. Default 8081. */
        public Builder port(int port) {
            return set(SchemaRegistryServerConfig.LISTENER_PORT_CONFIG, port);
        }

        /** Sets the address the HTTP server binds to. Default 127.0.0.1. */
        public Builder host(String host) {
            return set(SchemaRegistryServerConfig.LISTENER_HOST_CONFIG, host);
        }

        /** Sets the writer's Kafka transactional id; default derived from the topic name. */
        public Builder transactionalId(String transactionalId) {
            return set(SchemaRegistryServerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
        }

        /** Sets the global compatibility level used until {@code PUT /config} changes it. */
        public Builder defaultCompatibility(CompatibilityLevel level) {
            return set(SchemaRegistryServerConfig.COMPATIBILITY_LEVEL_CONFIG, level.name());
        }

        /** Sets the bound on one write, from catching up to applying it. */
        public Builder timeout(Duration timeout) {
            return set(SchemaRegistryServerConfig.TIMEOUT_MS_CONFIG, timeout.toMillis());
        }

        /** Passes a setting to the registry's Kafka clients, for example {@code security.protocol}. */
        public Builder kafkaClientProperty(String name, Object value) {
            return set(SchemaRegistryServerConfig.KAFKA_CLIENT_PREFIX + name, value);
        }

        /** Sets any {@link SchemaRegistryServerConfig} key. */
        public Builder set(String key, Object value) {
            settings.put(key, value);
            return this;
        }

        /**
         * Checks the settings and creates the server, not yet started.
         *
         * @throws org.apache.kafka.common.config.ConfigException naming a missing or invalid key
         */
        public SchemaRegistryServer build() {
            return fromConfig(settings);
        }
    }
}
