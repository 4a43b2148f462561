package dev.edgeplane.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

import dev.edgeplane.infra.kafka.EmbeddedKafkaBroker;
import dev.edgeplane.registry.CompatibilityLevel;
import dev.edgeplane.registry.SchemaRegistryServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code edgeplane registry}: runs the schema registry against a Kafka cluster, or against a broker
 * started in the same process, until the process is stopped (Ctrl-C or SIGTERM). A shutdown hook
 * closes the registry and then the broker.
 */
@Command(name = "registry", mixinStandardHelpOptions = true,
        description = {"Runs a schema registry that speaks the Confluent Schema Registry REST API (Avro) and keeps its schemas "
                + "in a compacted Kafka topic. Prints its URL and runs until stopped with Ctrl-C."})
public final class RegistryCommand implements Callable<Integer> {

    private static final Logger log = LoggerFactory.getLogger(RegistryCommand.class);

    /** The Kafka cluster of the schemas topic: exactly one of the two options. */
    static final class KafkaTarget {
        @Option(names = "--bootstrap-server", paramLabel = "HOST:PORT", required = true,
                description = "Kafka bootstrap servers (comma-separated HOST:PORT) of the cluster that keeps the schemas topic.")
        String bootstrapServers;

        @Option(names = "--embedded-broker", required = true,
                description = "Start a single-node Kafka broker in this process, with a temporary data folder, and use it.")
        boolean embeddedBroker;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    KafkaTarget target;

    @Option(names = "--port", defaultValue = "8081", description = "HTTP port; 0 picks a free one. Default: ${DEFAULT-VALUE}.")
    int port;

    @Option(names = "--host", defaultValue = "127.0.0.1",
            description = "Address to listen on; 0.0.0.0 listens on every interface. Default: ${DEFAULT-VALUE}.")
    String host;

    @Option(names = "--topic", defaultValue = "_schemas",
            description = "Compacted single-partition topic that stores the schemas; created if missing. Default: ${DEFAULT-VALUE}.")
    String topic;

    @Option(names = "--compatibility", defaultValue = "BACKWARD", paramLabel = "LEVEL",
            description = "Global compatibility level until PUT /config changes it: ${COMPLETION-CANDIDATES}. Default: ${DEFAULT-VALUE}.")
    CompatibilityLevel compatibility;

    @Spec
    CommandSpec spec;

    /** Counted down by the shutdown hook, or by a test, to stop {@link #call()}. */
    final CountDownLatch stopRequested = new CountDownLatch(1);
    private final CountDownLatch stopped = new CountDownLatch(1);

    /**
     * Starts the broker if asked, then the registry, prints the registry's URL and blocks until
     * the process is asked to stop.
     *
     * @return 0 after a clean stop
     */
    @Override
    public Integer call() throws InterruptedException {
        checkOptions();
        EmbeddedKafkaBroker broker = null;
        SchemaRegistryServer registry = null;
        Thread hook = new Thread(this::requestStopAndWait, "edgeplane-registry-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            String bootstrapServers = target.bootstrapServers;
            if (target.embeddedBroker) {
                // The command's shutdown hook closes the registry first, then the broker.
                broker = EmbeddedKafkaBroker.builder().closeOnJvmShutdown(false).build().start();
                bootstrapServers = broker.bootstrapServers();
            }
            registry = SchemaRegistryServer.builder().bootstrapServers(bootstrapServers).host(host).port(port).topic(topic)
                    .defaultCompatibility(compatibility).build().start();
            PrintWriter out = spec.commandLine().getOut();
            out.println("Schema registry listening at " + registry.url() + " (topic " + topic + " on " + bootstrapServers + ")");
            out.flush();

            stopRequested.await();
            return 0;
        } finally {
            closeQuietly(registry);
            closeQuietly(broker);
            stopped.countDown();
            ShutdownHooks.remove(hook);
        }
    }

    /**
     * Checks the options in the command's own terms before the registry's configuration does, so
     * that errors name --port and --topic rather than the registry's configuration keys.
     */
    private void checkOptions() {
        if (port < 0 || port > 65535) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "Invalid --port " + port
                    + ": use 1-65535, or 0 for a free port.");
        }
        if (topic == null || topic.isBlank()) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "Invalid --topic '" + topic
                    + "': give a topic name, e.g. _schemas.");
        }
        if (target.bootstrapServers != null) {
            String reason = BootstrapServers.invalidReason(target.bootstrapServers);
            if (reason != null) {
                throw new picocli.CommandLine.ParameterException(spec.commandLine(), "Invalid --bootstrap-server '"
                        + target.bootstrapServers + "': " + reason + ". Give HOST:PORT, e.g. 127.0.0.1:9092.");
            }
        }
    }

    /** Runs in the shutdown hook: requests {@link #call()} to stop and waits for it to close everything. */
    private void requestStopAndWait() {
        stopRequested.countDown();
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }


    private static void closeQuietly(AutoCloseable closeable) {
        if (closeable == null) {
            return;
        }
        try {
            closeable.close();
        } catch (Exception e) {
            log.warn("Closing {} failed", closeable.getClass().getSimpleName(), e);
        }
    }
}
