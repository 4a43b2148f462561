package dev.edgeplane.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The testbed commands' argument handling; the testbed module's own tests build real testbeds. */
class TestbedCommandTest {

    @TempDir
    Path stateDir;

    @Test
    void runRejectsSingleReplica() {
        CommandRun run = CommandRun.execute(new TestbedCommand(), "run", "--replicas", "1", "--state-dir",
                stateDir.toString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("at least 2 replicas");
    }

    @Test
    void runRejectsPublicRange() {
        CommandRun run = CommandRun.execute(new TestbedCommand(), "run", "--address-range", "8.8.0.0/16",
                "--state-dir", stateDir.toString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("not private");
    }

    @Test
    void cleanWithoutLeftoversRemovesNothing() {
        CommandRun run = CommandRun.execute(new TestbedCommand(), "clean", "--state-dir", stateDir.toString());

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("Removed runs: none");
    }

    @Test
    void missingSubcommandFails() {
        CommandRun run = CommandRun.execute(new TestbedCommand());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("run or clean");
    }
}
