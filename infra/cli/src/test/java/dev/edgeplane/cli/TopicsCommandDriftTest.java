package dev.edgeplane.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import dev.edgeplane.infra.kafka.EmbeddedKafkaBroker;
import dev.edgeplane.testkit.WithKafkaBroker;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;

/** Runs against a broker of its own, because the test creates a catalog topic with other settings. */
@WithKafkaBroker(scope = WithKafkaBroker.Scope.CLASS)
class TopicsCommandDriftTest {

    @Test
    void driftExitsWithMismatch(EmbeddedKafkaBroker broker) throws Exception {
        String address = broker.bootstrapServers();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, address))) {
            admin.createTopics(List.of(new NewTopic("edgeplane.cluster.placements", 3, (short) 1)
                    .configs(Map.of("cleanup.policy", "delete")))).all().get();

            CommandRun run = CommandRun.execute(new TopicsCommand(), "--bootstrap-server", address);

            assertThat(run.exitCode()).isEqualTo(TopicsCommand.EXIT_MISMATCH);
            assertThat(run.out()).contains("DRIFT    edgeplane.cluster.placements: partitions is 3, expected 12\n");
            assertThat(run.out()).contains("DRIFT    edgeplane.cluster.placements: cleanup.policy is delete, expected compact\n");
            assertThat(run.out()).contains("12 topics: 11 created, 0 ok, 1 drifted, 0 missing, 0 failed\n");
            assertThat(run.out()).contains("Drifted topics were left unchanged");
            assertThat(admin.describeTopics(List.of("edgeplane.cluster.placements")).allTopicNames().get()
                    .get("edgeplane.cluster.placements").partitions()).hasSize(3);
        }
    }
}
