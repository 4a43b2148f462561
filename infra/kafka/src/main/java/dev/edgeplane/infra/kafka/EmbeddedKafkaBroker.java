package dev.edgeplane.infra.kafka;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.Feature;
import org.apache.kafka.server.common.MetadataVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A single-node Apache Kafka broker in KRaft mode (combined broker and controller) that runs inside
 * the current JVM, started from Kafka's own server classes.
 *
 * <p>The broker listens on 127.0.0.1 only. Ports are ephemeral unless {@link Builder#brokerPort} and
 * {@link Builder#controllerPort} fix them. The data folder is formatted on first start with a new
 * cluster id; a folder that already contains a formatted log is reused as it is, so a broker restarted
 * on the same folder keeps its topics and offsets. A temporary folder is deleted on {@link #close()},
 * or by a shutdown hook when the JVM exits before that.
 *
 * <p>{@link #start()} blocks until the broker answers a describe-cluster request. {@link #close()}
 * blocks until the broker has shut down; it may be called any number of times, from any thread.
 *
 * <p>Kafka's test kit ({@code KafkaClusterTestKit}) was not used because it needs Kafka's test-scoped
 * jars on the class path, which the shipped command cannot carry, and its {@code close()} throws on a
 * second call.
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {

    /** Name of the listener that clients use. */
    public static final String CLIENT_LISTENER = "PLAINTEXT";

    /** Name of the KRaft controller listener. */
    public static final String CONTROLLER_LISTENER = "CONTROLLER";

    private static final Logger log = LoggerFactory.getLogger(EmbeddedKafkaBroker.class);
    private static final int NODE_ID = 1;
    private static final int MAX_BIND_ATTEMPTS = 5;

    private final Path dataDir;
    private final boolean deleteDataDirOnClose;
    private final int requestedBrokerPort;
    private final int requestedControllerPort;
    private final Duration startTimeout;
    private final Map<String, String> overrides;

    private final Object lock = new Object();
    private DataDirLock dataDirLock;
    private KafkaRaftServer server;
    private String bootstrapServers;
    private boolean closed;

    private final Thread cleanupHook;

    private EmbeddedKafkaBroker(Builder builder) {
        this.dataDir = builder.dataDir;
        this.deleteDataDirOnClose = builder.deleteDataDirOnClose;
        // A temporary folder must not outlive the JVM when the owner never gets to close(), as on
        // Ctrl-C: the hook stops the broker and deletes the folder. An owner whose own hook closes
        // its clients before the broker turns this off, since JVM hooks run concurrently.
        this.cleanupHook = deleteDataDirOnClose && builder.closeOnJvmShutdown
                ? new Thread(this::close, "edgeplane-kafka-cleanup") : null;
        if (cleanupHook != null) {
            Runtime.getRuntime().addShutdownHook(cleanupHook);
        }
        this.requestedBrokerPort = builder.brokerPort;
        this.requestedControllerPort = builder.controllerPort;
        this.startTimeout = builder.startTimeout;
        this.overrides = Map.copyOf(builder.overrides);
    }

    /** Returns a builder for a broker with ephemeral ports and a temporary data folder. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Formats the data folder if needed, starts the broker and waits until it serves requests.
     *
     * @return this broker, started
     * @throws IllegalStateException if the broker was already started or closed
     * @throws BrokerStartException if the broker did not start within the start timeout
     */
    public EmbeddedKafkaBroker start() {
        synchronized (lock) {
            if (closed) {
                throw new IllegalStateException("The broker is closed; build a new EmbeddedKafkaBroker to start another.");
            }
            if (server != null) {
                throw new IllegalStateException("The broker is already running at " + bootstrapServers + ".");
            }
            long startNanos = System.nanoTime();
            // Kafka rewrites the metadata log before it takes its own lock, so a second broker on
            // this folder would corrupt the first one's log: take a lock before Kafka touches it.
            dataDirLock = DataDirLock.acquire(dataDir);
            try {
                FreePorts.requireFree(requestedBrokerPort, "broker");
                FreePorts.requireFree(requestedControllerPort, "controller");
                startWithFreePorts();
                awaitReady();
            } catch (RuntimeException | Error e) {
                // An Error gets here too, because Kafka's metrics add a shutdown hook while the broker
                // starts. That fails with "Shutdown in progress" when Ctrl-C came during start-up.
                abandonFailedStart();
                throw e;
            }
            log.info("Kafka broker started at {} with data in {} after {} ms", bootstrapServers, dataDir,
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos));
            return this;
        }
    }

    /**
     * Returns the {@code host:port} list for the {@code bootstrap.servers} client setting.
     *
     * @throws IllegalStateException if the broker is not running
     */
    public String bootstrapServers() {
        synchronized (lock) {
            if (server == null) {
                throw new IllegalStateException("The broker is not running: call start() first.");
            }
            return bootstrapServers;
        }
    }

    /**
     * Creates each named topic with {@code partitions} partitions and one replica, unless it
     * exists already, as when test classes share one broker. Blocks until the broker has replied
     * for every topic.
     *
     * @throws IllegalStateException if the broker is not running, rejects a topic for another
     *     reason, or the calling thread is interrupted
     */
    public void createTopicsIfAbsent(int partitions, Collection<String> names) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()))) {
            for (String name : names) {
                try {
                    admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1))).all().get();
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException("Failed to create topic " + name + ": " + e.getCause(), e);
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while creating topics " + names + "; the test run was stopped", e);
        }
    }

    /** Returns the folder that contains the broker's metadata and partition logs. */
    public Path dataDir() {
        return dataDir;
    }

    /** Stops the broker, waits for its shutdown and deletes a temporary data folder. Idempotent. */
    @Override
    public void close() {
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            if (server != null) {
                log.info("Stopping Kafka broker at {}", bootstrapServers);
                shutdownQuietly(server);
                server = null;
            }
            if (dataDirLock != null) {
                dataDirLock.release();
                dataDirLock = null;
            }
            if (deleteDataDirOnClose) {
                DataDirs.deleteRecursively(dataDir);
                removeCleanupHook();
            }
        }
    }

    private void removeCleanupHook() {
        if (cleanupHook == null || Thread.currentThread() == cleanupHook) {
            return;
        }
        try {
            Runtime.getRuntime().removeShutdownHook(cleanupHook);
        } catch (IllegalStateException e) {
            // The JVM is shutting down, and the hook runs or has run.
        }
    }

    private void startWithFreePorts() {
        boolean ephemeral = requestedBrokerPort == 0 || requestedControllerPort == 0;
        int attempts = ephemeral ? MAX_BIND_ATTEMPTS : 1;
        formatIfNeeded();
        for (int attempt = 1; ; attempt++) {
            int brokerPort = requestedBrokerPort != 0 ? requestedBrokerPort : FreePorts.find();
            int controllerPort = requestedControllerPort != 0 ? requestedControllerPort : FreePorts.find(brokerPort);
            KafkaConfig config = new KafkaConfig(serverProperties(brokerPort, controllerPort), false);
            KafkaRaftServer candidate = new KafkaRaftServer(config, Time.SYSTEM);
            try {
                candidate.startup();
                server = candidate;
                bootstrapServers = "127.0.0.1:" + brokerPort;
                return;
            } catch (Error e) {
                shutdownQuietly(candidate);
                throw e;
            } catch (RuntimeException e) {
                shutdownQuietly(candidate);
                // Another process may take an ephemeral port between the probe and the bind.
                if (isBindFailure(e) && attempt < attempts) {
                    log.warn("Port {} or {} was taken before the broker bound it; retrying with new ports (attempt {} of {})",
                            brokerPort, controllerPort, attempt + 1, attempts);
                    continue;
                }
                throw new BrokerStartException("Kafka broker failed to start on 127.0.0.1 ports " + brokerPort + " and "
                        + controllerPort + " with data in " + dataDir + ": " + e.getMessage()
                        + ". If a fixed port is in use, free it or choose another.", e);
            }
        }
    }

    private Properties serverProperties(int brokerPort, int controllerPort) {
        Properties props = new Properties();
        props.put("process.roles", "broker,controller");
        props.put("node.id", String.valueOf(NODE_ID));
        props.put("controller.quorum.voters", NODE_ID + "@127.0.0.1:" + controllerPort);
        props.put("listeners", CLIENT_LISTENER + "://127.0.0.1:" + brokerPort + "," + CONTROLLER_LISTENER + "://127.0.0.1:" + controllerPort);
        props.put("advertised.listeners", CLIENT_LISTENER + "://127.0.0.1:" + brokerPort);
        props.put("controller.listener.names", CONTROLLER_LISTENER);
        props.put("inter.broker.listener.name", CLIENT_LISTENER);
        props.put("listener.security.protocol.map", CLIENT_LISTENER + ":PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT");
        props.put("log.dirs", dataDir.toString());
        // One node: every internal topic has one replica, and consumer groups need not wait for peers.
        props.put("offsets.topic.replication.factor", "1");
        props.put("offsets.topic.num.partitions", "5");
        props.put("transaction.state.log.replication.factor", "1");
        props.put("transaction.state.log.min.isr", "1");
        props.put("transaction.state.log.num.partitions", "5");
        props.put("share.coordinator.state.topic.replication.factor", "1");
        props.put("share.coordinator.state.topic.min.isr", "1");
        props.put("group.initial.rebalance.delay.ms", "0");
        props.put("auto.create.topics.enable", "false");
        props.put("log.flush.interval.messages", String.valueOf(Long.MAX_VALUE));
        props.putAll(overrides);
        return props;
    }

    private void formatIfNeeded() {
        if (Files.exists(dataDir.resolve("meta.properties"))) {
            return;
        }
        DataDirs.requireNoForeignContent(dataDir);
        try {
            new Formatter()
                    .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
                    .setClusterId(Uuid.randomUuid().toString())
                    .setNodeId(NODE_ID)
                    .setControllerListenerName(CONTROLLER_LISTENER)
                    .setMetadataLogDirectory(dataDir.toString())
                    .setDirectories(List.of(dataDir.toString()))
                    .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
                    .setSupportedFeatures(Feature.PRODUCTION_FEATURES)
                    .setIgnoreFormatted(true)
                    .run();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the broker data folder " + dataDir + ": " + e.getMessage(), e);
        } catch (Exception e) {
            throw new BrokerStartException("Formatting the broker data folder " + dataDir + " failed: " + e.getMessage(), e);
        }
    }

    private void awaitReady() {
        Properties adminProps = new Properties();
        adminProps.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        adminProps.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "2000");
        adminProps.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, String.valueOf(startTimeout.toMillis()));
        try (Admin admin = Admin.create(adminProps)) {
            admin.describeCluster(new DescribeClusterOptions().timeoutMs((int) startTimeout.toMillis()))
                    .nodes()
                    .get(startTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            shutdownAfterFailedStart();
            throw new BrokerStartException("Interrupted while waiting for the Kafka broker at " + bootstrapServers + " to start.", e);
        } catch (ExecutionException | TimeoutException e) {
            shutdownAfterFailedStart();
            throw new BrokerStartException("Kafka broker at " + bootstrapServers + " did not respond within "
                    + startTimeout.toMillis() + " ms of starting; see the broker log for the cause.", e);
        }
    }

    /**
     * Stops what a failed start left running and releases the folder lock. A temporary folder is
     * deleted too, because the caller got no started broker to close.
     */
    private void abandonFailedStart() {
        if (server != null) {
            shutdownAfterFailedStart();
        }
        dataDirLock.release();
        dataDirLock = null;
        if (deleteDataDirOnClose) {
            DataDirs.deleteRecursively(dataDir);
        }
    }

    private void shutdownAfterFailedStart() {
        shutdownQuietly(server);
        server = null;
    }

    private static void shutdownQuietly(KafkaRaftServer target) {
        try {
            target.shutdown();
            target.awaitShutdown();
        } catch (RuntimeException e) {
            log.warn("Kafka broker shutdown raised an error; continuing", e);
        }
    }

    private static boolean isBindFailure(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof BindException) {
                return true;
            }
        }
        return false;
    }

    /** Settings of an {@link EmbeddedKafkaBroker}. Not thread-safe. */
    public static final class Builder {
        private Path dataDir;
        private boolean deleteDataDirOnClose;
        private boolean closeOnJvmShutdown = true;
        private int brokerPort;
        private int controllerPort;
        private Duration startTimeout = Duration.ofSeconds(60);
        private final Map<String, String> overrides = new java.util.LinkedHashMap<>();

        private Builder() {
        }

        /** Keeps the broker's data in {@code dir}, which is created if missing and kept on close. */
        public Builder dataDir(Path dir) {
            this.dataDir = dir;
            return this;
        }

        /** Sets the client listener's port; 0, the default, picks a free one. */
        public Builder brokerPort(int port) {
            this.brokerPort = checkPort(port, "broker");
            return this;
        }

        /** Sets the controller listener's port; 0, the default, picks a free one. */
        public Builder controllerPort(int port) {
            this.controllerPort = checkPort(port, "controller");
            return this;
        }

        /** Sets how long {@link EmbeddedKafkaBroker#start()} waits for the broker to serve requests. */
        public Builder startTimeout(Duration timeout) {
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("Invalid start timeout " + timeout + ": it must be positive.");
            }
            this.startTimeout = timeout;
            return this;
        }

        /**
         * Sets whether a broker with a temporary data folder closes itself in a JVM shutdown hook
         * (the default). Turn it off when the owner closes the broker from a shutdown hook of its own,
         * after the clients that use it: JVM hooks run concurrently, so the broker's own hook would
         * stop it under clients that are still closing.
         */
        public Builder closeOnJvmShutdown(boolean close) {
            this.closeOnJvmShutdown = close;
            return this;
        }

        /** Sets one broker configuration property, overriding the defaults of this class. */
        public Builder brokerProperty(String name, String value) {
            overrides.put(name, value);
            return this;
        }

        /** Builds the broker without starting it. */
        public EmbeddedKafkaBroker build() {
            if (brokerPort != 0 && brokerPort == controllerPort) {
                throw new IllegalArgumentException("Invalid ports: broker and controller both use port " + brokerPort
                        + "; give them different ports.");
            }
            if (dataDir == null) {
                dataDir = DataDirs.createTemporary();
                deleteDataDirOnClose = true;
            }
            return new EmbeddedKafkaBroker(this);
        }

        private static int checkPort(int port, String listener) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("Invalid " + listener + " port " + port + ": use 1-65535, or 0 for a free port.");
            }
            return port;
        }
    }
}
