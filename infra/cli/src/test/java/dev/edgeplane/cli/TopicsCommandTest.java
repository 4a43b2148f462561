package dev.edgeplane.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.util.Map;
import java.util.Set;

import dev.edgeplane.infra.kafka.EmbeddedKafkaBroker;
import dev.edgeplane.schemas.catalog.TopicCatalog;
import dev.edgeplane.testkit.WithKafkaBroker;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Runs against a broker of its own, because the test creates the catalog topics. */
@WithKafkaBroker(scope = WithKafkaBroker.Scope.CLASS)
class TopicsCommandTest {

    static CommandRun topics(String... args) {
        return CommandRun.execute(new TopicsCommand(), args);
    }

    @Test
    void verifyCreateVerifyCycle(EmbeddedKafkaBroker broker) throws Exception {
        String address = broker.bootstrapServers();

        CommandRun verifyBefore = topics("--bootstrap-server", address, "--verify-only");

        assertThat(verifyBefore.exitCode()).isEqualTo(TopicsCommand.EXIT_MISMATCH);
        assertThat(verifyBefore.out()).contains("MISSING  edgeplane.telemetry.node-metrics\n");
        assertThat(verifyBefore.out()).contains("12 topics: 0 created, 0 ok, 0 drifted, 12 missing, 0 failed\n");
        assertThat(verifyBefore.out()).contains("Run without --verify-only to create the missing topics.");
        assertThat(topicNames(address)).doesNotContainAnyElementsOf(TopicCatalog.names());

        CommandRun create = topics("--bootstrap-server", address);

        assertThat(create.exitCode()).isEqualTo(TopicsCommand.EXIT_OK);
        assertThat(create.out()).startsWith("Kafka at " + address + ": 1 broker\n"
                + "WARN     The cluster has 1 broker, fewer than the declared replication factor 3: replication factor and "
                + "min.insync.replicas are capped at 1 for 12 topics. Run at least 3 brokers in production.\n");
        assertThat(create.out()).contains("created  edgeplane.cluster.nodes (12 partitions, replication factor 1, "
                + "min.insync.replicas 1, cleanup.policy compact)\n");
        assertThat(create.out()).contains("12 topics: 12 created, 0 ok, 0 drifted, 0 missing, 0 failed\n");
        assertThat(topicNames(address)).containsAll(TopicCatalog.names());

        CommandRun verifyAfter = topics("--bootstrap-server", address, "--verify-only");

        assertThat(verifyAfter.exitCode()).isEqualTo(TopicsCommand.EXIT_OK);
        assertThat(verifyAfter.out()).contains("ok       edgeplane.deadletter\n");
        assertThat(verifyAfter.out()).contains("12 topics: 0 created, 12 ok, 0 drifted, 0 missing, 0 failed\n");
    }

    @Test
    void unreachableBrokerExitsWithTwo() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        String address = "127.0.0.1:" + closedPort;

        CommandRun run = topics("--bootstrap-server", address, "--timeout-ms", "800");

        assertThat(run.exitCode()).isEqualTo(TopicsCommand.EXIT_UNREACHABLE);
        assertThat(run.err()).startsWith("Cannot reach Kafka at " + address + ": ");
        assertThat(run.err()).contains("Check that a broker runs there (./edgeplane broker starts one) and that " + address
                + " is the client listener it advertises.");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void unresolvableHostExitsWithTwo() {
        CommandRun run = topics("--bootstrap-server", "no-such-host.invalid:9092", "--timeout-ms", "800");

        assertThat(run.exitCode()).isEqualTo(TopicsCommand.EXIT_UNREACHABLE);
        assertThat(run.err()).startsWith("Cannot reach Kafka at no-such-host.invalid:9092: ");
    }

    @Test
    void addressWithoutPortIsRejected() {
        CommandRun run = topics("--bootstrap-server", "localhost");

        assertThat(run.exitCode()).isEqualTo(CommandLine.ExitCode.USAGE);
        assertThat(run.err()).startsWith("Invalid --bootstrap-server 'localhost': 'localhost' is not HOST:PORT. "
                + "Give HOST:PORT, e.g. 127.0.0.1:9092.");
    }

    @Test
    void missingBootstrapServerIsRejected() {
        CommandRun run = topics();

        assertThat(run.exitCode()).isEqualTo(CommandLine.ExitCode.USAGE);
        assertThat(run.err()).startsWith("Missing required option: '--bootstrap-server=HOST:PORT'");
    }

    private static Admin admin(String address) {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, address));
    }

    private static Set<String> topicNames(String address) throws Exception {
        try (Admin admin = admin(address)) {
            return admin.listTopics().names().get();
        }
    }
}
