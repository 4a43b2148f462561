package dev.edgeplane.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import dev.edgeplane.ingest.gateway.IngestGateway;
import dev.edgeplane.ingest.gateway.IngestGatewayConfig;
import dev.edgeplane.schemas.config.KnownSettings;
import dev.edgeplane.schemas.io.IoErrors;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.apache.kafka.common.config.ConfigException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code edgeplane ingest}: runs the ingest gateway until Ctrl-C. */
@Command(name = "ingest", mixinStandardHelpOptions = true,
        description = "Runs the ingest gateway: accepts JSON telemetry batches at /v1/telemetry and Prometheus remote"
                + " write at /api/v1/write, validates them and produces Avro events to the telemetry topics. Serves"
                + " metrics at /metrics. Stops cleanly on Ctrl-C (SIGINT) or SIGTERM.")
final class IngestCommand implements Callable<Integer> {

    // How long Ctrl-C waits for requests in progress to get their answers.
    private static final long STOP_WAIT_SECONDS = 60;

    @Spec
    CommandSpec spec;

    @Option(names = "--bootstrap-server", paramLabel = "HOST:PORT", required = true,
            description = "Kafka bootstrap servers, comma-separated HOST:PORT.")
    String bootstrapServers;

    @Option(names = {"--schema-registry", "--registry"}, paramLabel = "URL", required = true,
            description = "Schema registry URL.")
    String registryUrl;

    @Option(names = "--bind", paramLabel = "ADDRESS", defaultValue = "127.0.0.1",
            description = "Address to listen on; 0.0.0.0 accepts other hosts (default: ${DEFAULT-VALUE}).")
    String bindAddress;

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "9470",
            description = "TCP port; 0 picks a free port (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--mapping", paramLabel = "FILE",
            description = "Remote-write mapping file (JSON, see docs/ingest-api.md); without it the built-in mapping"
                    + " of the edgeplane:* recording rules applies.")
    Path mappingFile;

    @Option(names = "--token-file", paramLabel = "FILE",
            description = "File whose first line is the bearer token senders must present; without it no token is needed.")
    Path tokenFile;

    @Option(names = "--tls-keystore", paramLabel = "FILE", description = "PKCS12 keystore with the server key; serves HTTPS.")
    Path keystore;

    @Option(names = "--tls-keystore-password-file", paramLabel = "FILE",
            description = "File whose first line is the keystore password.")
    Path keystorePasswordFile;

    @Option(names = "--set", paramLabel = "KEY=VALUE",
            description = "Any other gateway setting, such as ingest.skew.policy=reject; repeatable. "
                    + "The keys are listed in docs/ingest-api.md.")
    Map<String, String> extra = new HashMap<>();

    private final StopSignal stopSignal = new StopSignal(Duration.ofSeconds(STOP_WAIT_SECONDS));
    private volatile IngestGateway running;

    @Override
    public Integer call() throws InterruptedException {
        Map<String, Object> settings = settings();
        try {
            IngestGatewayConfig.from(settings);
        } catch (ConfigException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }

        PrintWriter out = spec.commandLine().getOut();
        stopSignal.installHook("edgeplane-ingest-shutdown");
        PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        try (IngestGateway gateway = IngestGateway.start(settings, meters)) {
            running = gateway;
            out.println("Ingest gateway running: JSON batches at " + gateway.baseUrl() + "/v1/telemetry, remote write at "
                    + gateway.baseUrl() + "/api/v1/write, metrics at " + gateway.baseUrl() + "/metrics");
            out.println("Press Ctrl-C to stop.");
            out.flush();
            stopSignal.awaitStop();
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        } finally {
            meters.close();
            stopSignal.close();
        }
        out.println("Stopped.");
        out.flush();
        return 0;
    }

    /** Returns the running gateway, or null before it started; for tests. */
    IngestGateway gateway() {
        return running;
    }

    /** Requests a running {@link #call} to stop and return; the shutdown hook and tests call it. */
    void stop() {
        stopSignal.stop();
    }

    private Map<String, Object> settings() {
        String invalid = BootstrapServers.invalidReason(bootstrapServers);
        if (invalid != null) {
            throw new ParameterException(spec.commandLine(), "Invalid --bootstrap-server: " + invalid + ".");
        }
        RegistryUrls.check(spec.commandLine(), registryUrl);
        if (port < 0 || port > 65_535) {
            throw new ParameterException(spec.commandLine(), "Invalid --port " + port
                    + ": give a TCP port from 1 to 65535, or 0 to pick a free one.");
        }
        try {
            KnownSettings.of("ingest", IngestGatewayConfig.configDef().names()).check(extra);
        } catch (ConfigException e) {
            throw new ParameterException(spec.commandLine(), "Invalid --set: " + e.getMessage());
        }
        Map<String, Object> settings = new HashMap<>(extra);
        settings.put(IngestGatewayConfig.BOOTSTRAP_SERVERS, bootstrapServers);
        settings.put(IngestGatewayConfig.SCHEMA_REGISTRY_URL, registryUrl);
        settings.put(IngestGatewayConfig.BIND_ADDRESS, bindAddress);
        settings.put(IngestGatewayConfig.PORT, port);
        if (mappingFile != null) {
            settings.put(IngestGatewayConfig.MAPPING_PATH, mappingFile.toString());
        }
        if (tokenFile != null) {
            settings.put(IngestGatewayConfig.AUTH_TOKEN, firstLine(tokenFile, "--token-file"));
        }
        if (keystore != null) {
            if (keystorePasswordFile == null) {
                throw new ParameterException(spec.commandLine(), "Missing --tls-keystore-password-file: --tls-keystore "
                        + keystore + " needs the file with its password.");
            }
            settings.put(IngestGatewayConfig.TLS_KEYSTORE_PATH, keystore.toString());
            settings.put(IngestGatewayConfig.TLS_KEYSTORE_PASSWORD, firstLine(keystorePasswordFile, "--tls-keystore-password-file"));
        }
        return settings;
    }

    private String firstLine(Path file, String option) {
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            if (lines.isEmpty() || lines.get(0).isBlank()) {
                throw new ParameterException(spec.commandLine(), "Invalid " + option + " " + file
                        + ": its first line is empty; put the secret on the first line.");
            }
            return lines.get(0).strip();
        } catch (IOException e) {
            throw new ParameterException(spec.commandLine(), "Cannot read " + option + " " + file + ": " + IoErrors.describe(e)
                    + ". Give a readable file.");
        }
    }
}
