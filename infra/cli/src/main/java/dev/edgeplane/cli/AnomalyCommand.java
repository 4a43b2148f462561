package dev.edgeplane.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;

import dev.edgeplane.anomaly.AnomalyApplication;
import dev.edgeplane.anomaly.AnomalyConfig;
import dev.edgeplane.schemas.registry.RestSchemaRegistryClient;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.streams.StreamsConfig;
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

    @Option(names = "--state-dir", paramLabel = "DIR", description = "Folder of the local state stores (default: Kafka "
            + "Streams' default under the temporary folder).")
    Path stateDir;

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
        if (stateDir != null) {
            all.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        }
        AnomalyApplication application;
        try {
            application = AnomalyApplication.create(all, RestSchemaRegistryClient.forUrl(registryUrl),
                    new SimpleMeterRegistry());
        } catch (ConfigException e) {
            throw new ParameterException(spec.commandLine(), "Invalid setting: " + e.getMessage());
        }

        PrintWriter out = spec.commandLine().getOut();
        stopSignal.installHook("edgeplane-anomaly-shutdown");
        try (application) {
            application.start();
            AnomalyConfig config = application.config();
            out.println("Anomaly detection running as " + config.applicationId() + ": " + config.windowSize().toMillis()
                    + " ms windows with " + config.windowGrace().toMillis() + " ms grace, exactly_once_v2.");
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

    /** Requests a running {@link #call} to stop and return; the shutdown hook and tests call it. */
    void stop() {
        stopSignal.stop();
    }

}
