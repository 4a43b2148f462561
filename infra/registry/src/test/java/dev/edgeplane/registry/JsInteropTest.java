package dev.edgeplane.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import dev.edgeplane.infra.kafka.EmbeddedKafkaBroker;
import dev.edgeplane.testkit.NodeProject;
import dev.edgeplane.testkit.ScriptRun;
import dev.edgeplane.testkit.WithKafkaBroker;
import org.junit.jupiter.api.Test;

/**
 * Runs the {@code registry} suite of {@code infra/js-interop/interop.js}, which drives this registry
 * with an independent client, {@code @kafkajs/confluent-schema-registry}, pinned by
 * {@code package-lock.json}, and checks what it reports against the registry's own view.
 *
 * <p>{@link NodeProject} copies the scripts to {@code target/js-interop} and installs the client
 * there. The test is skipped only when {@code node} is missing; an {@code npm ci} failure fails it
 * with the command to run by hand.
 */
@WithKafkaBroker
class JsInteropTest {

    /** The scripts, shared with the serde interoperability test of the schemas module. */
    private static final Path SOURCE = Path.of("..", "js-interop");
    private static final Path WORK = Path.of("target", "js-interop");
    private static final Duration SCRIPT_TIMEOUT = Duration.ofSeconds(60);

    @Test
    void kafkajsClientInteroperates(EmbeddedKafkaBroker broker) throws Exception {
        NodeProject.assumeNodeInstalled();
        NodeProject project = NodeProject.prepare(SOURCE, WORK);

        try (SchemaRegistryServer server = SchemaRegistryServer.builder().bootstrapServers(broker.bootstrapServers())
                .topic("_schemas-js-interop").port(0).build().start()) {
            ScriptRun result = project.node(SCRIPT_TIMEOUT, "interop.js", "--registry", server.url(), "--prefix", "js",
                    "--suites", "registry");

            assertThat(result.output()).as("script output").contains("interop: 8 passed, 0 failed");
            assertThat(result.exitCode()).as("exit code; output:%n%s", result.output()).isZero();
            Map<String, String> facts = result.facts();
            RegistryHttp http = new RegistryHttp(server.url());
            assertThat(http.get("/subjects/js-node-metrics-value/versions/1").json().get("id").asText())
                    .isEqualTo(facts.get("id.js-node-metrics-value.1"));
            assertThat(http.get("/subjects/js-node-metrics-value/versions/2").json().get("id").asText())
                    .isEqualTo(facts.get("id.js-node-metrics-value.2"));
            assertThat(http.get("/config/js-node-metrics-value").json().get("compatibilityLevel").asText())
                    .as("the client sets the subject's level on first registration").isEqualTo("BACKWARD");
            assertThat(facts.get("wire.v1.hex")).startsWith("00" + String.format("%08x", Integer.parseInt(facts.get("id.js-node-metrics-value.1"))));
        }
    }
}
