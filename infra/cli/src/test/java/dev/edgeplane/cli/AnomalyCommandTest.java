package dev.edgeplane.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class AnomalyCommandTest {

    @Test
    void invalidBootstrapServerIsUsageError() {
        CommandRun run = CommandRun.execute(new AnomalyCommand(), "--bootstrap-server", "no-port", "--registry",
                "http://127.0.0.1:8081");

        assertThat(run.exitCode()).isEqualTo(CommandLine.ExitCode.USAGE);
        assertThat(run.err()).startsWith("Invalid --bootstrap-server:");
    }

    @Test
    void invalidSettingNamesKeyAndValue() {
        CommandRun run = CommandRun.execute(new AnomalyCommand(), "--bootstrap-server", "127.0.0.1:9092", "--registry",
                "http://127.0.0.1:8081", "--set", "window.size.ms=10000", "--set", "better.node.hold.ms=15000");

        assertThat(run.exitCode()).isEqualTo(CommandLine.ExitCode.USAGE);
        assertThat(run.err()).startsWith("Invalid setting: better.node.hold.ms=15000 is not a multiple of"
                + " window.size.ms=10000; set it to a whole number of windows, such as 20000.");
    }

    @Test
    void invalidServiceTargetIsRejected() {
        CommandRun run = CommandRun.execute(new AnomalyCommand(), "--bootstrap-server", "127.0.0.1:9092", "--registry",
                "http://127.0.0.1:8081", "--set", "replica.service.metric.targets=camera:latency<80");

        assertThat(run.exitCode()).isEqualTo(CommandLine.ExitCode.USAGE);
        assertThat(run.err()).contains("replica.service.metric.targets").contains("camera:latency<80")
                .contains("namespace/fogservice:metric<=value");
    }

    @Test
    void misspelledSettingNamesNearestKey() {
        CommandRun run = CommandRun.execute(new AnomalyCommand(), "--bootstrap-server", "127.0.0.1:9092", "--registry",
                "http://127.0.0.1:8081", "--set", "window.size.m=2000");

        assertThat(run.exitCode()).isEqualTo(CommandLine.ExitCode.USAGE);
        assertThat(run.err()).startsWith("Invalid setting: Unknown anomaly setting 'window.size.m'. Did you mean"
                + " 'window.size.ms'?");
    }

    @Test
    void prefixedClientSettingIsAccepted() {
        CommandRun run = CommandRun.execute(new AnomalyCommand(), "--bootstrap-server", "127.0.0.1:9092", "--registry",
                "http://127.0.0.1:8081", "--set", "main.consumer.max.poll.records=10", "--set", "window.size.ms=10000",
                "--set", "better.node.hold.ms=15000");

        assertThat(run.exitCode()).isEqualTo(CommandLine.ExitCode.USAGE);
        assertThat(run.err()).startsWith("Invalid setting: better.node.hold.ms=15000 is not a multiple of");
    }

    @Test
    void unusableStateDirNamesFlag() {
        CommandRun run = CommandRun.execute(new AnomalyCommand(), "--bootstrap-server", "127.0.0.1:9092", "--registry",
                "http://127.0.0.1:8081", "--state-dir", "/proc/forbidden");

        assertThat(run.exitCode()).as(run.err()).isEqualTo(CommandLine.ExitCode.USAGE);
        assertThat(run.err()).startsWith("Cannot use --state-dir /proc/forbidden: ")
                .contains("Choose a folder you can write to.");
    }

    @Test
    void helpNamesDefaultStateDir() {
        String help = new CommandLine(new AnomalyCommand()).getUsageMessage();

        assertThat(help).contains("default: edgeplane-state under the working");
        assertThat(help).contains("--metrics-port");
    }
}
