package dev.edgeplane.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.edgeplane.infra.kafka.EmbeddedKafkaBroker;
import dev.edgeplane.testkit.WithKafkaBroker;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

@WithKafkaBroker
class RegistryCommandTest {

    private static final Pattern URL = Pattern.compile("listening at (http://\\S+)");

    @Test
    void servesUntilStopRequested(EmbeddedKafkaBroker broker) throws Exception {
        RegistryCommand command = new RegistryCommand();
        StringWriter output = new StringWriter();
        CommandLine commandLine = new CommandLine(command).setOut(new PrintWriter(output, true));

        CompletableFuture<Integer> exitCode = CompletableFuture.supplyAsync(() -> commandLine.execute(
                "--bootstrap-server", broker.bootstrapServers(), "--port", "0", "--topic", "_schemas-cli"));
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> URL.matcher(output.toString()).find() || exitCode.isDone());
        Matcher matcher = URL.matcher(output.toString());
        assertThat(matcher.find()).as("printed URL in: %s", output).isTrue();

        HttpResponse<String> subjects = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(matcher.group(1) + "/subjects")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(subjects.statusCode()).isEqualTo(200);
        assertThat(subjects.body()).isEqualTo("[]");

        command.stopRequested.countDown();
        assertThat(exitCode.get(30, TimeUnit.SECONDS)).isZero();
    }

    @Test
    void invalidOptionsNameTheOption() {
        StringWriter errors = new StringWriter();

        int badPort = new CommandLine(new RegistryCommand()).setErr(new PrintWriter(errors, true))
                .execute("--bootstrap-server", "127.0.0.1:9092", "--port", "70000");
        int badTopic = new CommandLine(new RegistryCommand()).setErr(new PrintWriter(errors, true))
                .execute("--bootstrap-server", "127.0.0.1:9092", "--topic", " ");
        int badBootstrap = new CommandLine(new RegistryCommand()).setErr(new PrintWriter(errors, true))
                .execute("--bootstrap-server", "127.0.0.1");

        assertThat(badPort).isEqualTo(2);
        assertThat(badTopic).isEqualTo(2);
        assertThat(badBootstrap).isEqualTo(2);
        assertThat(errors.toString()).contains("Invalid --port 70000").contains("Invalid --topic")
                .contains("Invalid --bootstrap-server '127.0.0.1'");
    }

    @Test
    void brokerOptionsAreExclusiveAndRequired() {
        StringWriter errors = new StringWriter();

        int neither = new CommandLine(new RegistryCommand()).setErr(new PrintWriter(errors, true)).execute("--port", "0");
        int both = new CommandLine(new RegistryCommand()).setErr(new PrintWriter(errors, true))
                .execute("--bootstrap-server", "127.0.0.1:9092", "--embedded-broker");

        assertThat(neither).isEqualTo(2);
        assertThat(both).isEqualTo(2);
        assertThat(errors.toString()).contains("--bootstrap-server").contains("--embedded-broker").contains("mutually exclusive");
    }

    @Test
    void embeddedBrokerStartsWithRegistry() throws Exception {
        RegistryCommand command = new RegistryCommand();
        StringWriter output = new StringWriter();
        CommandLine commandLine = new CommandLine(command).setOut(new PrintWriter(output, true));

        CompletableFuture<Integer> exitCode = CompletableFuture.supplyAsync(() -> commandLine.execute("--embedded-broker", "--port", "0"));
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> URL.matcher(output.toString()).find() || exitCode.isDone());

        assertThat(output.toString()).contains("topic _schemas on 127.0.0.1:");
        command.stopRequested.countDown();
        assertThat(exitCode.get(30, TimeUnit.SECONDS)).isZero();
    }
}
