package dev.edgeplane.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import dev.edgeplane.demo.report.HtmlReportWriter;
import dev.edgeplane.demo.scenario.LoopVerdict;
import dev.edgeplane.ingest.simulate.CityTopology;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole loop end to end, shortened, in traces mode: the city, the links, the node load and the
 * fault come from the data sets. The phase lengths are upper bounds; each step ends as soon as it is
 * seen, so a loaded machine makes the run longer, not red.
 */
class DemoCommandTest {

    @TempDir
    Path dir;

    @Test
    void demoIsASubcommand() {
        assertThat(EdgeplaneCommand.newCommandLine().getSubcommands()).containsKey("demo");
    }

    @Test
    void invalidPhaseLengthIsRejected() {
        CommandRun run = CommandRun.execute(new DemoCommand(), "--steady-seconds", "0");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("Invalid --steady-seconds 0");
    }

    @Test
    void reportPathUnderAFileIsRejected(@org.junit.jupiter.api.io.TempDir java.nio.file.Path folder) throws Exception {
        java.nio.file.Path file = java.nio.file.Files.writeString(folder.resolve("afile"), "");

        CommandRun run = CommandRun.execute(new DemoCommand(), "--report", file.resolve("report.html").toString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("Invalid --report").contains("is a file, not a folder");
    }

    @Test
    void loopClosesOnReplayedTracesWithACompleteAuditTrail() throws Exception {
        String traces = System.getenv(CityTopology.TRACES_DIR_ENV);
        assumeTrue(traces != null && !traces.isBlank() && Files.isDirectory(Path.of(traces)),
                "Skipped: set " + CityTopology.TRACES_DIR_ENV + " to the folder of the data sets to run the demo"
                        + " end to end");
        Path report = dir.resolve("demo.html");
        DemoCommand command = new DemoCommand();

        CommandRun run = CommandRun.execute(command, "--traces", traces, "--report", report.toString(),
                "--steady-seconds", "5", "--fault-seconds", "60", "--fault-hold-seconds", "3",
                "--recovery-seconds", "45", "--requests-per-second", "20");

        assertThat(run.exitCode()).as("exit status; output:%n%s%nerrors:%n%s", run.out(), run.err()).isZero();
        LoopVerdict verdict = command.lastResult.verdict();
        assertThat(verdict.missing()).as("steps that did not happen").isEmpty();
        assertThat(verdict.audit().problems()).as("gaps in the audit trail").isEmpty();
        assertThat(verdict.audit().decisions()).as("decisions with an audited outcome").isPositive();
        assertThat(verdict.audit().evictionRecords()).as("eviction records").isPositive();
        assertThat(verdict.audit().weightPushRecords()).as("weight-push records").isPositive();
        assertThat(verdict.steps().get("decided")).isAfterOrEqualTo(verdict.steps().get("detected"));
        assertThat(command.lastResult.summary().toWeightsShifted()).isNotNull();
        assertThat(run.out()).contains("replayed stall", "Loop closed", "Report: " + report.toAbsolutePath());
        assertThat(Files.readString(report, StandardCharsets.UTF_8))
                .contains("id=\"" + HtmlReportWriter.NODE_STATES_ID + "\"", "id=\"" + HtmlReportWriter.WEIGHTS_ID + "\"",
                        "id=\"" + HtmlReportWriter.LATENCY_ID + "\"");
    }
}
