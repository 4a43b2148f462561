package dev.edgeplane.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;

import dev.edgeplane.infra.kafka.EmbeddedKafkaBroker;
import dev.edgeplane.registry.SchemaRegistryServer;
import dev.edgeplane.schemas.catalog.CompatibilityMode;
import dev.edgeplane.schemas.catalog.TopicCatalog;
import dev.edgeplane.schemas.registry.RestSchemaRegistryClient;
import dev.edgeplane.testkit.WithKafkaBroker;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@WithKafkaBroker
class SchemasCommandTest {

    private static int registryTopics;

    private SchemaRegistryServer registry;

    @BeforeEach
    void startRegistry(EmbeddedKafkaBroker broker) {
        registryTopics++;
        registry = SchemaRegistryServer.builder().bootstrapServers(broker.bootstrapServers())
                .topic("_schemas-cli-" + registryTopics).port(0).build().start();
    }

    @AfterEach
    void stopRegistry() {
        registry.close();
    }

    @Test
    void checkPassesAgainstReleasedVersions() {
        Result result = run("schemas", "check");

        assertThat(result.exitCode).isZero();
        assertThat(result.out).contains("ok       NodeMetrics: compatible with 1 released version (FULL_TRANSITIVE)");
        assertThat(result.out).contains("All 12 value schemas are compatible.");
    }

    @Test
    void unreachableRegistryFailsBeforeResults() {
        Result result = run("schemas", "check", "--registry", "http://127.0.0.1:1");

        assertThat(result.exitCode).isEqualTo(2);
        assertThat(result.out).doesNotContain("ok ");
        assertThat(result.err).startsWith("edgeplane schemas check: The schema registry at http://127.0.0.1:1 is"
                + " unreachable");
        assertThat(result.err).contains("Start it with edgeplane registry --bootstrap-server HOST:PORT");
    }

    @Test
    void registerSetsLevelsAndIsIdempotent() {
        Result first = run("schemas", "register", "--registry", registry.url());
        Result second = run("schemas", "register", "--registry", registry.url());
        RestSchemaRegistryClient client = RestSchemaRegistryClient.forUrl(registry.url());

        assertThat(first.exitCode).isZero();
        assertThat(first.out.lines().filter(line -> line.startsWith("registered"))).hasSize(12);
        assertThat(second.out).isEqualTo(first.out);
        assertThat(client.getSubjectCompatibility(TopicCatalog.NODE_METRICS.valueSubject()))
                .contains(CompatibilityMode.FULL_TRANSITIVE);
    }

    @Test
    void checkAgainstRegistryReportsNewSubjects() {
        Result result = run("schemas", "check", "--registry", registry.url());

        assertThat(result.exitCode).isZero();
        assertThat(result.out).contains("new      edgeplane.telemetry.node-metrics-value: not registered yet");
    }

    @Test
    void checkAgainstRegistryReportsLevelDrift() {
        run("schemas", "register", "--registry", registry.url());
        RestSchemaRegistryClient client = RestSchemaRegistryClient.forUrl(registry.url());
        client.setSubjectCompatibility(TopicCatalog.LB_WEIGHTS.valueSubject(), CompatibilityMode.BACKWARD);

        Result result = run("schemas", "check", "--registry", registry.url());

        assertThat(result.exitCode).isEqualTo(1);
        assertThat(result.out).contains("DRIFT    edgeplane.lb.weights-value: compatibility is BACKWARD in the registry, "
                + "expected FULL_TRANSITIVE");
    }

    @Test
    void checkAgainstRegistryReportsBreakingVersion() {
        String subject = TopicCatalog.NODE_METRICS.valueSubject();
        RestSchemaRegistryClient client = RestSchemaRegistryClient.forUrl(registry.url());
        client.setSubjectCompatibility(subject, CompatibilityMode.NONE);
        Schema foreign = SchemaBuilder.record("NodeMetrics").namespace("dev.edgeplane.event.telemetry")
                .fields().requiredString("zone").endRecord();
        client.register(subject, foreign);
        client.setSubjectCompatibility(subject, CompatibilityMode.FULL_TRANSITIVE);

        Result result = run("schemas", "check", "--registry", registry.url());

        assertThat(result.exitCode).isEqualTo(1);
        assertThat(result.out).contains("BREAKING edgeplane.telemetry.node-metrics-value:").contains("zone");
    }

    @Test
    void registerWithUnreachableRegistryFails() {
        Result result = run("schemas", "register", "--registry", "http://127.0.0.1:1");

        assertThat(result.exitCode).isEqualTo(2);
        assertThat(result.err).contains("127.0.0.1:1");
    }

    @Test
    void registryWithoutSchemeIsRejected() {
        Result result = run("schemas", "check", "--registry", "127.0.0.1:8081");

        assertThat(result.exitCode).isEqualTo(2);
        assertThat(result.err).contains("Invalid --registry '127.0.0.1:8081'").contains("http://");
    }

    @Test
    void registryPortOutOfRangeIsRejected() {
        Result result = run("schemas", "register", "--registry", "http://127.0.0.1:99999");

        assertThat(result.exitCode).isEqualTo(2);
        assertThat(result.err).contains("port 99999");
    }

    private static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exitCode = EdgeplaneCommand.newCommandLine().setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true))
                .execute(args);
        return new Result(exitCode, out.toString(), err.toString());
    }

    private record Result(int exitCode, String out, String err) {
    }
}
