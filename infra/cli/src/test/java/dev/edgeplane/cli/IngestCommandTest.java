package dev.edgeplane.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import dev.edgeplane.infra.kafka.EmbeddedKafkaBroker;
import dev.edgeplane.registry.SchemaRegistryServer;
import dev.edgeplane.schemas.catalog.TopicCatalog;
import dev.edgeplane.testkit.WithKafkaBroker;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * Runs on a broker of its own and deletes its topics afterwards, because it creates catalog topics
 * with other settings than the catalog's, which other tests would report as drift.
 */
@WithKafkaBroker(scope = WithKafkaBroker.Scope.CLASS)
class IngestCommandTest {

    private static final List<String> TOPICS = List.of(TopicCatalog.NODE_METRICS.name(), TopicCatalog.LINK_LATENCY.name(),
            TopicCatalog.REPLICA_METRICS.name(), TopicCatalog.DEAD_LETTER.name());

    @Test
    void invalidSettingIsAUsageError(EmbeddedKafkaBroker broker) {
        CommandRun run = CommandRun.execute(new IngestCommand(), "--bootstrap-server", broker.bootstrapServers(),
                "--registry", "http://127.0.0.1:1", "--set", "ingest.skew.policy=sometimes");

        assertThat(run.exitCode()).isEqualTo(CommandLine.ExitCode.USAGE);
        assertThat(run.err()).contains("ingest.skew.policy").contains("sometimes");
    }

    @Test
    void misspelledSettingNamesNearestKey(EmbeddedKafkaBroker broker) {
        CommandRun run = CommandRun.execute(new IngestCommand(), "--bootstrap-server", broker.bootstrapServers(),
                "--registry", "http://127.0.0.1:1", "--set", "ingest.skew.polcy=reject");

        assertThat(run.exitCode()).isEqualTo(CommandLine.ExitCode.USAGE);
        assertThat(run.err()).contains("ingest.skew.polcy").contains("ingest.skew.policy");
    }

    @Test
    void portOutOfRangeNamesFlag(EmbeddedKafkaBroker broker) {
        CommandRun run = CommandRun.execute(new IngestCommand(), "--bootstrap-server", broker.bootstrapServers(),
                "--registry", "http://127.0.0.1:1", "--port", "70000");

        assertThat(run.exitCode()).isEqualTo(CommandLine.ExitCode.USAGE);
        assertThat(run.err()).contains("Invalid --port 70000");
    }

    @Test
    void missingTokenFileNamesReason(EmbeddedKafkaBroker broker) {
        CommandRun run = CommandRun.execute(new IngestCommand(), "--bootstrap-server", broker.bootstrapServers(),
                "--registry", "http://127.0.0.1:1", "--token-file", "/nonexistent/token");

        assertThat(run.exitCode()).isEqualTo(CommandLine.ExitCode.USAGE);
        assertThat(run.err()).startsWith("Cannot read --token-file /nonexistent/token: no such file or folder."
                + " Give a readable file.");
    }

    @Test
    void gatewayAcceptsBatchUntilStopped(EmbeddedKafkaBroker broker) throws Exception {
        createTopics(broker);
        try {
            runGateway(broker);
        } finally {
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
                admin.deleteTopics(TOPICS).all().get();
            }
        }
    }

    private static void runGateway(EmbeddedKafkaBroker broker) throws Exception {
        try (SchemaRegistryServer registry = SchemaRegistryServer.builder().bootstrapServers(broker.bootstrapServers())
                .topic("_schemas-ingest-command").port(0).build().start()) {
            IngestCommand command = new IngestCommand();
            CompletableFuture<CommandRun> run = CompletableFuture.supplyAsync(() -> CommandRun.execute(command,
                    "--bootstrap-server", broker.bootstrapServers(), "--registry", registry.url(), "--port", "0"));
            await().atMost(Duration.ofSeconds(30)).until(() -> command.gateway() != null || run.isDone());
            assertThat(run.isDone()).as("the command ended early: %s", run.isDone() ? run.get() : null).isFalse();

            String body = "{\"source\":{\"kind\":\"EDGE_AGENT\",\"id\":\"cli-test\"},\"events\":[{\"type\":\"link-latency\","
                    + "\"id\":\"cli-test:1\",\"sourceNode\":\"edge-1\",\"targetNode\":\"edge-2\",\"eventTime\":"
                    + System.currentTimeMillis() + ",\"probeCount\":3,\"rttMicros\":900.0,\"lossRatio\":0.0}]}";
            HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create(command.gateway().baseUrl() + "/v1/telemetry")).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            command.stop();

            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            assertThat(response.body()).startsWith("{\"accepted\":1,\"duplicates\":0,\"rejected\":[]");
            CommandRun finished = run.get();
            assertThat(finished.exitCode()).isZero();
            assertThat(finished.out()).contains("Ingest gateway running: JSON batches at http://127.0.0.1:").contains("Stopped.");
        }
    }

    private static void createTopics(EmbeddedKafkaBroker broker) throws Exception {
        broker.createTopicsIfAbsent(1, TOPICS);
    }
}
