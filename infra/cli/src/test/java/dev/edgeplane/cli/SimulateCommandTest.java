package dev.edgeplane.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each run starts its own broker with --embedded, because the command creates the whole topic
 * catalog, which the topics command tests on the shared broker expect to be absent.
 */
class SimulateCommandTest {

    @Test
    void virtualRunProducesEveryTick() {
        CommandRun run = CommandRun.execute(new SimulateCommand(), "--embedded", "--virtual-time", "--duration-ms",
                "10000", "--nodes", "10", "--start-epoch-ms", "1772438400000");

        assertThat(run.exitCode()).as("stderr: %s", run.err()).isZero();
        assertThat(run.out()).contains("Simulating 10 nodes (Aveiro-like living lab)")
                .contains("scenario quiet")
                .contains("Simulated 3 ticks; produced ");
    }

    @Test
    void missingBrokerWithoutEmbeddedIsRejected() {
        CommandRun run = CommandRun.execute(new SimulateCommand(), "--nodes", "10");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("Give --bootstrap-server and --registry, or use --embedded");
    }

    @Test
    void invalidScenarioNamesFile(@TempDir Path dir) throws Exception {
        Path scenario = dir.resolve("bad.yaml");
        Files.writeString(scenario, "name: bad\nfaults:\n  - kind: silent-node\n    atMs: 0\n    node: edge-ap-77\n");

        CommandRun run = CommandRun.execute(new SimulateCommand(), "--embedded", "--virtual-time", "--nodes", "10",
                "--scenario", scenario.toString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("names node edge-ap-77, which the city does not have");
    }

    @Test
    void missingTracesFolderFailsBeforeStart(@TempDir Path dir) {
        Path missing = dir.resolve("no-such-traces");

        CommandRun run = CommandRun.execute(new SimulateCommand(), "--embedded", "--virtual-time", "--nodes", "10",
                "--traces", missing.toString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("Invalid --traces " + missing + ": no such folder");
        assertThat(run.out()).as("nothing started").doesNotContain("Simulating");
    }
}
