package dev.edgeplane.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;

import dev.edgeplane.anomaly.AnomalyApplication;
import dev.edgeplane.anomaly.AnomalyConfig;
import dev.edgeplane.lb.metrics.MetricsHttpServer;
import dev.edgeplane.schemas.registry.RestSchemaRegistryClient;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.ProcessorStateException;
import org.apache.kafka.streams.errors.StreamsException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code edgeplane anomaly}: runs the anomaly Kafka Streams application until Ctrl-C.
 */
@Command(name = "anomaly", mixinStandardHelpOptions = true,
        description = "Detects degraded nodes, better placements and slow replicas from telemetry, with exactly-once "
                + "processing, and writes node health, replica scores and reschedule decisions. Stops cleanly on "
                + "Ctrl-C (SIGINT) or SIGTERM.")
final class AnomalyCommand implements Callable<Integer> {

    // Kafka Streams waits up to 30 s for its threads on close; leave it that and a margin.
    // How long Ctrl-C waits for Kafka Streams to commit and close.
    private static final long STOP_WAIT_SECONDS = 40;

    private static final String METRICS_BIND_ADDRESS = "127.0.0.1";

    static final String DEFAULT_STATE_DIR = "edgeplane-state";

    @Spec
    CommandSpec spec;

    @Option(names = "--bootstrap-server", paramLabel = "HOST:PORT", required = true,
            description = "Kafka bootstrap servers, comma-separated HOST:PORT.")
    String bootstrapServers;

    @Option(names = {"--schema-registry", "--registry"}, paramLabel = "URL", required = true,
            description = "Schema registry URL.")
    String registryUrl;

    @Option(names = "--application-id", paramLabel = "ID", defaultValue = AnomalyConfig.DEFAULT_APPLICATION_ID,
            description = "Kafka Streams application id; a new id replays the input topics (default: ${DEFAULT-VALUE}).")
    String applicationId;

    // A folder under the working directory rather than Kafka Streams' default under the temporary
    // folder: the state stores survive restarts and reboots, and an operator finds them next to the run.
    @Option(names = "--state-dir", paramLabel = "DIR", defaultValue = DEFAULT_STATE_DIR,
            description = "Folder of the local state stores, kept across restarts so a restart need not rebuild them "
                    + "from the changelog topics; created when missing (default: ${DEFAULT-VALUE} under the working "
                    + "directory).")
    Path stateDir;

    @Option(names = "--metrics-port", paramLabel = "PORT", defaultValue = "9474",
            description = "Port of the Prometheus metrics endpoint (/metrics) on 127.0.0.1; 0 picks a free port "
                    + "(default: ${DEFAULT-VALUE}).")
    int metricsPort;

    @Option(names = "--set", paramLabel = "KEY=VALUE",
            description = "Any anomaly or Kafka Streams setting, such as --set window.size.ms=2000; repeatable.")
    Map<String, String> settings = new HashMap<>();

    private final StopSignal stopSignal = new StopSignal(Duration.ofSeconds(STOP_WAIT_SECONDS));

    @Override
    public Integer call() throws InterruptedException {
        String invalid = BootstrapServers.invalidReason(bootstrapServers);
        if (invalid != null) {
            throw new ParameterException(spec.commandLine(), "Invalid --bootstrap-server: " + invalid + ".");
        }
        RegistryUrls.check(spec.commandLine(), registryUrl);

        Map<String, Object> all = new HashMap<>(settings);
        all.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        all.put(AnomalyConfig.APPLICATION_ID_CONFIG, applicationId);
        checkStateDir();
        all.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toAbsolutePath().toString());
        PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        AnomalyApplication application;
        try {
            application = AnomalyApplication.create(all, RestSchemaRegistryClient.forUrl(registryUrl), meters);
        } catch (ConfigException e) {
            throw new ParameterException(spec.commandLine(), "Invalid setting: " + e.getMessage());
        } catch (StreamsException e) {
            // Kafka Streams creates the state folder when it is constructed.
            Throwable stateFailure = e instanceof ProcessorStateException ? e : e.getCause();
            if (!(stateFailure instanceof ProcessorStateException)) {
                throw e;
            }
            throw new ParameterException(spec.commandLine(), "Cannot use --state-dir " + stateDir + ": "
                    + stateFailure.getMessage() + ". Choose a folder you can write to.");
        }

        PrintWriter out = spec.commandLine().getOut();
        stopSignal.installHook("edgeplane-anomaly-shutdown");
        try (application; MetricsHttpServer metrics = MetricsHttpServer.start(METRICS_BIND_ADDRESS, metricsPort, meters)) {
            application.start();
            AnomalyConfig config = application.config();
            out.println("Anomaly detection running as " + config.applicationId() + ": " + config.windowSize().toMillis()
                    + " ms windows with " + config.windowGrace().toMillis() + " ms grace, exactly_once_v2; metrics on"
                    + " http://" + METRICS_BIND_ADDRESS + ":" + metrics.port() + MetricsHttpServer.PATH + ".");
            out.println("Press Ctrl-C to stop.");
            out.flush();
            stopSignal.awaitStop();
        } finally {
            stopSignal.close();
        }
        out.println("Stopped.");
        out.flush();
        return 0;
    }

    /**
     * Checks that Kafka Streams can create or write the state folder, whose failure it would report
     * only as a ProcessorStateException. Creates nothing, because Kafka Streams creates the folder. For
     * root every folder looks writable, so a folder under /proc passes here and {@link #call} reports the
     * failure when Kafka Streams creates it.
     */
    private void checkStateDir() {
        Path existing = stateDir.toAbsolutePath();
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        String problem = null;
        if (existing == null) {
            problem = "no part of the path exists";
        } else if (!Files.isDirectory(existing)) {
            problem = existing + " is a file, not a folder";
        } else if (!Files.isWritable(existing)) {
            problem = "the folder " + existing + " is not writable";
        }
        if (problem != null) {
            throw new ParameterException(spec.commandLine(), "Cannot use --state-dir " + stateDir + ": " + problem
                    + ". Choose a folder you can write to.");
        }
    }

    /** Requests a running {@link #call} to stop and return; the shutdown hook and tests call it. */
    void stop() {
        stopSignal.stop();
    }

}
