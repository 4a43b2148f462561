package dev.edgeplane.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.util.List;
import java.util.Map;

import dev.edgeplane.infra.kafka.EmbeddedKafkaBroker;
import dev.edgeplane.schemas.catalog.TopicCatalog;
import dev.edgeplane.testkit.WithKafkaBroker;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Each nested class gets a fresh broker of its own, because both create the catalog topics. */
@WithKafkaBroker(scope = WithKafkaBroker.Scope.CLASS)
class TopicsCommandTest {

    /** Output and exit code of one command run. */
    record Run(int exitCode, String out, String err) {
    }

    static Run topics(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine command = new CommandLine(new TopicsCommand());
        command.setOut(new PrintWriter(out));
        command.setErr(new PrintWriter(err));

        int exitCode = command.execute(args);

        return new Run(exitCode, out.toString(), err.toString());
    }

    @Nested
    class EmptyBroker {

        @Test
        void verifyCreateVerifyCycle(EmbeddedKafkaBroker broker) throws Exception {
            String address = broker.bootstrapServers();

            Run verifyBefore = topics("--bootstrap-server", address, "--verify-only");

            assertThat(verifyBefore.exitCode()).isEqualTo(TopicsCommand.EXIT_MISMATCH);
            assertThat(verifyBefore.out()).contains("MISSING  edgeplane.telemetry.node-metrics\n");
            assertThat(verifyBefore.out()).contains("11 topics: 0 created, 0 ok, 0 drifted, 11 missing, 0 failed\n");
            assertThat(verifyBefore.out()).contains("Run without --verify-only to create the missing topics.");
            assertThat(topicNames(address)).doesNotContainAnyElementsOf(TopicCatalog.names());

            Run create = topics("--bootstrap-server", address);

            assertThat(create.exitCode()).isEqualTo(TopicsCommand.EXIT_OK);
            assertThat(create.out()).startsWith("Kafka at " + address + ": 1 broker\n"
                    + "WARN     The cluster has 1 broker, fewer than the declared replication factor 3: replication factor and "
                    + "min.insync.replicas are capped at 1 for 11 topics. Run at least 3 brokers in production.\n");
            assertThat(create.out()).contains("created  edgeplane.cluster.nodes (12 partitions, replication factor 1, "
                    + "min.insync.replicas 1, cleanup.policy compact)\n");
            assertThat(create.out()).contains("11 topics: 11 created, 0 ok, 0 drifted, 0 missing, 0 failed\n");
            assertThat(topicNames(address)).containsAll(TopicCatalog.names());

            Run verifyAfter = topics("--bootstrap-server", address, "--verify-only");

            assertThat(verifyAfter.exitCode()).isEqualTo(TopicsCommand.EXIT_OK);
            assertThat(verifyAfter.out()).contains("ok       edgeplane.deadletter\n");
            assertThat(verifyAfter.out()).contains("11 topics: 0 created, 11 ok, 0 drifted, 0 missing, 0 failed\n");
        }
    }

    @Nested
    class DriftedBroker {

        @Test
        void driftExitsWithMismatch(EmbeddedKafkaBroker broker) throws Exception {
            String address = broker.bootstrapServers();
            try (Admin admin = admin(address)) {
                admin.createTopics(List.of(new NewTopic("edgeplane.cluster.placements", 3, (short) 1)
                        .configs(Map.of("cleanup.policy", "delete")))).all().get();
            }

            Run run = topics("--bootstrap-server", address);

            assertThat(run.exitCode()).isEqualTo(TopicsCommand.EXIT_MISMATCH);
            assertThat(run.out()).contains("DRIFT    edgeplane.cluster.placements: partitions is 3, expected 12\n");
            assertThat(run.out()).contains("DRIFT    edgeplane.cluster.placements: cleanup.policy is delete, expected compact\n");
            assertThat(run.out()).contains("11 topics: 10 created, 0 ok, 1 drifted, 0 missing, 0 failed\n");
            assertThat(run.out()).contains("Drifted topics were left unchanged");
            try (Admin admin = admin(address)) {
                assertThat(admin.describeTopics(List.of("edgeplane.cluster.placements")).allTopicNames().get()
                        .get("edgeplane.cluster.placements").partitions()).hasSize(3);
            }
        }
    }

    @Test
    void unreachableBrokerExitsWithTwo() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        String address = "127.0.0.1:" + closedPort;

        Run run = topics("--bootstrap-server", address, "--timeout-ms", "800");

        assertThat(run.exitCode()).isEqualTo(TopicsCommand.EXIT_UNREACHABLE);
        assertThat(run.err()).startsWith("Cannot reach Kafka at " + address + ": ");
        assertThat(run.err()).contains("Check that a broker runs there (./edgeplane broker starts one) and that " + address
                + " is the client listener it advertises.");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void unresolvableHostExitsWithTwo() {
        Run run = topics("--bootstrap-server", "no-such-host.invalid:9092", "--timeout-ms", "800");

        assertThat(run.exitCode()).isEqualTo(TopicsCommand.EXIT_UNREACHABLE);
        assertThat(run.err()).startsWith("Cannot reach Kafka at no-such-host.invalid:9092: ");
    }

    @Test
    void addressWithoutPortIsRejected() {
        Run run = topics("--bootstrap-server", "localhost");

        assertThat(run.exitCode()).isEqualTo(CommandLine.ExitCode.USAGE);
        assertThat(run.err()).startsWith("Invalid --bootstrap-server 'localhost': 'localhost' is not HOST:PORT. "
                + "Give HOST:PORT, e.g. 127.0.0.1:9092.");
    }

    @Test
    void missingBootstrapServerIsRejected() {
        Run run = topics();

        assertThat(run.exitCode()).isEqualTo(CommandLine.ExitCode.USAGE);
        assertThat(run.err()).startsWith("Missing required option: '--bootstrap-server=HOST:PORT'");
    }

    private static Admin admin(String address) {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, address));
    }

    private static java.util.Set<String> topicNames(String address) throws Exception {
        try (Admin admin = admin(address)) {
            return admin.listTopics().names().get();
        }
    }
}
