package dev.edgeplane.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.edgeplane.event.lb.EndpointWeight;
import dev.edgeplane.event.lb.ServiceWeights;
import dev.edgeplane.infra.kafka.EmbeddedKafkaBroker;
import dev.edgeplane.registry.SchemaRegistryServer;
import dev.edgeplane.schemas.catalog.TopicCatalog;
import dev.edgeplane.schemas.serde.SpecificAvroSerializer;
import dev.edgeplane.testkit.WithKafkaBroker;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

@WithKafkaBroker(scope = WithKafkaBroker.Scope.CLASS)
class LbCommandTest {

    @TempDir
    Path folder;

    @Test
    void dryRunRequiresNode() throws IOException {
        Path endpoints = Files.writeString(folder.resolve("endpoints.txt"), "city/camera-0 10.0.0.1:8080\n");

        CommandRun run = CommandRun.execute(new LbCommand(), "--bootstrap-server", "127.0.0.1:9092", "--registry",
                "http://127.0.0.1:8081", "--endpoints", endpoints.toString(), "--dry-run");

        assertThat(run.exitCode()).isEqualTo(CommandLine.ExitCode.USAGE);
        assertThat(run.err()).startsWith("Missing --node: --dry-run needs the node whose rules to handle, such as --node edge-1.");
    }

    @Test
    void applyAndDryRunExcludeEachOther() throws IOException {
        Path endpoints = Files.writeString(folder.resolve("endpoints.txt"), "");

        CommandRun run = CommandRun.execute(new LbCommand(), "--bootstrap-server", "127.0.0.1:9092", "--registry",
                "http://127.0.0.1:8081", "--endpoints", endpoints.toString(), "--node", "edge-1", "--apply", "--dry-run");

        assertThat(run.exitCode()).isEqualTo(CommandLine.ExitCode.USAGE);
        assertThat(run.err()).contains("mutually exclusive");
    }

    @Test
    void negativePlanningThreadsAreRejected() throws IOException {
        Path endpoints = Files.writeString(folder.resolve("endpoints.txt"), "");

        CommandRun run = CommandRun.execute(new LbCommand(), "--bootstrap-server", "127.0.0.1:9092", "--registry",
                "http://127.0.0.1:8081", "--endpoints", endpoints.toString(), "--planning-threads", "-1");

        assertThat(run.exitCode()).isEqualTo(CommandLine.ExitCode.USAGE);
        assertThat(run.err()).contains("lb.planning.threads");
    }

    @Test
    void missingEndpointsFileNamesReason() {
        Path endpoints = folder.resolve("absent.txt");

        CommandRun run = CommandRun.execute(new LbCommand(), "--bootstrap-server", "127.0.0.1:9092", "--registry",
                "http://127.0.0.1:8081", "--endpoints", endpoints.toString(), "--http-port", "0");

        assertThat(run.exitCode()).isEqualTo(CommandLine.ExitCode.USAGE);
        assertThat(run.err()).startsWith("Failed to read the endpoints file " + endpoints + ": no such file or folder."
                + " Give a readable file with --endpoints.");
    }

    @Test
    void endpointSourceIsRequired() {
        CommandRun run = CommandRun.execute(new LbCommand(), "--bootstrap-server", "127.0.0.1:9092", "--registry",
                "http://127.0.0.1:8081");

        assertThat(run.exitCode()).isEqualTo(CommandLine.ExitCode.USAGE);
        assertThat(run.err()).startsWith("Missing --endpoints FILE or --watch-endpoints");
    }

    @Test
    void kubeconfigNeedsWatchEndpoints() throws IOException {
        Path endpoints = Files.writeString(folder.resolve("endpoints.txt"), "");

        CommandRun run = CommandRun.execute(new LbCommand(), "--bootstrap-server", "127.0.0.1:9092", "--registry",
                "http://127.0.0.1:8081", "--endpoints", endpoints.toString(), "--kubeconfig", "kube.yaml");

        assertThat(run.exitCode()).isEqualTo(CommandLine.ExitCode.USAGE);
        assertThat(run.err()).startsWith("--kubeconfig has no effect with --endpoints");
    }

    @Test
    void applyRequiresNode() {
        CommandRun run = CommandRun.execute(new LbCommand(), "apply", "--bootstrap-server", "127.0.0.1:9092",
                "--registry", "http://127.0.0.1:8081");

        assertThat(run.exitCode()).isEqualTo(CommandLine.ExitCode.USAGE);
        assertThat(run.err()).contains("Missing required option: '--node=NAME'");
    }

    @Test
    void applyRejectsInvalidNodeName() {
        CommandRun run = CommandRun.execute(new LbCommand(), "apply", "--bootstrap-server", "127.0.0.1:9092",
                "--registry", "http://127.0.0.1:8081", "--node", "Bad Node", "--dry-run");

        assertThat(run.exitCode()).isEqualTo(CommandLine.ExitCode.USAGE);
        assertThat(run.err()).contains("Invalid --node 'Bad Node'");
    }

    @Test
    void applyRejectsMissingRestoreProgram() {
        CommandRun run = CommandRun.execute(new LbCommand(), "apply", "--bootstrap-server", "127.0.0.1:9092",
                "--registry", "http://127.0.0.1:8081", "--node", "edge-7",
                "--iptables-restore", "no-such-iptables-restore,--noflush");

        assertThat(run.exitCode()).isEqualTo(CommandLine.ExitCode.USAGE);
        assertThat(run.err()).contains("Program 'no-such-iptables-restore' of --iptables-restore not found on PATH");
    }

    @Test
    void applyDryRunPrintsOwnNodeRules(EmbeddedKafkaBroker broker) throws Exception {
        createInputTopics(broker);
        try (SchemaRegistryServer registry = SchemaRegistryServer.builder().bootstrapServers(broker.bootstrapServers())
                .topic("_schemas-lb-apply-command").port(0).build().start()) {
            publishWeights(broker, registry, "edge-7", "10.0.7.1:8080");
            publishWeights(broker, registry, "edge-8", "10.0.8.1:8080");
            LbCommand command = new LbCommand();
            StringWriter out = new StringWriter();
            CommandLine commandLine = new CommandLine(command);
            commandLine.setOut(new PrintWriter(out, true));
            commandLine.setErr(new PrintWriter(new StringWriter(), true));
            CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> commandLine.execute("apply",
                    "--bootstrap-server", broker.bootstrapServers(), "--registry", registry.url(), "--node", "edge-7",
                    "--dry-run", "--metrics-port", "0", "--apply-interval-ms", "50"));

            await().atMost(Duration.ofSeconds(20)).until(() -> out.toString().contains("10.0.7.1:8080"));
            assertThat(out.toString()).contains("Node applier running for node edge-7, printing the rules");
            assertThat(out.toString()).doesNotContain("10.0.8.1:8080");

            LbApplyCommand apply = commandLine.getSubcommands().get("apply").getCommand();
            apply.stop();
            assertThat(exit.get(30, java.util.concurrent.TimeUnit.SECONDS)).isZero();
            assertThat(out.toString()).endsWith("Stopped.\n");
        }
    }

    private static void publishWeights(EmbeddedKafkaBroker broker, SchemaRegistryServer registry, String node,
            String endpoint) {
        String topic = TopicCatalog.LB_WEIGHTS.name();
        ServiceWeights weights = ServiceWeights.newBuilder()
                .setNamespace("city").setService("camera").setClientNode(node).setGeneration(1)
                .setComputedTime(Instant.now()).setPolicy("latency-aware")
                .setEndpoints(List.of(EndpointWeight.newBuilder()
                        .setEndpoint(endpoint).setPod("camera-0").setNode(node).setWeight(1.0).setUnclampedWeight(1.0)
                        .setErrorRatio(0.0).setInFlight(0.0).build()))
                .build();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()),
                new ByteArraySerializer(), new ByteArraySerializer());
                SpecificAvroSerializer<ServiceWeights> serializer = new SpecificAvroSerializer<>()) {
            serializer.configure(Map.of("schema.registry.url", registry.url()), false);
            producer.send(new ProducerRecord<>(topic, ("city/camera@" + node).getBytes(StandardCharsets.UTF_8),
                    serializer.serialize(topic, weights)));
            producer.flush();
        }
    }

    @Test
    void runsServesApiAndStops(EmbeddedKafkaBroker broker) throws Exception {
        createInputTopics(broker);
        Path endpoints = Files.writeString(folder.resolve("endpoints.txt"), "city/camera-0 10.0.0.1:8080\n");
        try (SchemaRegistryServer registry = SchemaRegistryServer.builder().bootstrapServers(broker.bootstrapServers())
                .topic("_schemas-lb-command").port(0).build().start()) {
            LbCommand command = new LbCommand();
            StringWriter out = new StringWriter();
            CommandLine commandLine = new CommandLine(command);
            commandLine.setOut(new PrintWriter(out, true));
            commandLine.setErr(new PrintWriter(new StringWriter(), true));
            CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> commandLine.execute(
                    "--bootstrap-server", broker.bootstrapServers(), "--registry", registry.url(),
                    "--endpoints", endpoints.toString(), "--http-port", "0", "--metrics-port", "0",
                    "--plan-interval-ms", "100", "--node", "edge-1", "--dry-run"));

            await().atMost(Duration.ofSeconds(20)).until(() -> out.toString().contains("Press Ctrl-C to stop."));
            Matcher url = Pattern.compile("weights API on (http://\\S+/v1/weights);").matcher(out.toString());
            assertThat(url.find()).as("weights API address in %s", out).isTrue();
            HttpResponse<String> response = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create(url.group(1))).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(out.toString()).contains("printing the rules of node edge-1");
            Matcher metricsUrl = Pattern.compile("metrics on (http://\\S+/metrics);").matcher(out.toString());
            assertThat(metricsUrl.find()).as("metrics address in %s", out).isTrue();
            HttpResponse<String> metrics = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create(metricsUrl.group(1))).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(metrics.statusCode()).isEqualTo(200);
            assertThat(metrics.body()).contains("edgeplane_lb_generation");

            command.stop();
            assertThat(exit.get(30, java.util.concurrent.TimeUnit.SECONDS)).isZero();
            assertThat(out.toString()).endsWith("Stopped.\n");
        }
    }

    private static void createInputTopics(EmbeddedKafkaBroker broker) throws Exception {
        broker.createTopicsIfAbsent(1, List.of(TopicCatalog.REPLICA_SCORES.name(), TopicCatalog.LINK_LATENCY.name(),
                TopicCatalog.LB_WEIGHTS.name(), TopicCatalog.AUDIT_ACTIONS.name()));
    }
}
