package dev.edgeplane.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import dev.edgeplane.infra.kafka.EmbeddedKafkaBroker;
import dev.edgeplane.testkit.WithKafkaBroker;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@WithKafkaBroker
class SimulateCommandTest {

    @Test
    void virtualRunProducesEveryTick(EmbeddedKafkaBroker broker) {
        CommandRun run = CommandRun.execute(new SimulateCommand(), "--embedded", "--bootstrap-server",
                broker.bootstrapServers(), "--virtual-time", "--duration-ms", "10000", "--nodes", "10",
                "--start-epoch-ms", "1772438400000");

        assertThat(run.exitCode()).as("stderr: %s", run.err()).isZero();
        assertThat(run.out()).contains("Simulating 10 nodes (Aveiro-like living lab), scenario quiet")
                .contains("Simulated 3 ticks; produced ");
    }

    @Test
    void missingBrokerWithoutEmbeddedIsRejected() {
        CommandRun run = CommandRun.execute(new SimulateCommand(), "--nodes", "10");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("Give --bootstrap-server and --registry, or use --embedded");
    }

    @Test
    void invalidScenarioNamesFile(EmbeddedKafkaBroker broker, @TempDir Path dir) throws Exception {
        Path scenario = dir.resolve("bad.yaml");
        Files.writeString(scenario, "name: bad\nfaults:\n  - kind: silent-node\n    atMs: 0\n    node: edge-ap-77\n");

        CommandRun run = CommandRun.execute(new SimulateCommand(), "--embedded", "--bootstrap-server",
                broker.bootstrapServers(), "--virtual-time", "--nodes", "10", "--scenario", scenario.toString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("names node edge-ap-77, which the city does not have");
    }
}
