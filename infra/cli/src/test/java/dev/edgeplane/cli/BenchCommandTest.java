package dev.edgeplane.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class BenchCommandTest {

    private static CommandRun bench(String... args) {
        return CommandRun.execute(new BenchCommand(), args);
    }

    @Test
    void brokerBenchmarkEndsWithFigureLine() {
        CommandRun run = bench("broker", "--records", "3000", "--record-size", "256");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("Producing 3,000 records of 256 bytes");
        String[] lines = run.out().split("\n");
        assertThat(lines[lines.length - 1]).startsWith("bench=broker records=3000 record.bytes=256 partitions=6 acks=all ");
        assertThat(lines[lines.length - 1]).containsPattern(" produce\\.records\\.per\\.sec=\\d+ produce\\.mb\\.per\\.sec=[\\d.]+ ");
        assertThat(lines[lines.length - 1]).containsPattern(" consume\\.records\\.per\\.sec=\\d+ consume\\.mb\\.per\\.sec=[\\d.]+ ");
    }

    @Test
    void unknownBenchmarkListsKnownNames() {
        CommandRun run = bench("serde");

        assertThat(run.exitCode()).isEqualTo(CommandLine.ExitCode.USAGE);
        assertThat(run.err()).startsWith("Unknown benchmark 'serde'. Known benchmarks: broker, serdes, controller, scheduler, lb, lb-planning, lb-loop, agent, simulate, ingest, anomaly.");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void invalidRecordSizeIsRejected() {
        CommandRun run = bench("broker", "--record-size", "0");

        assertThat(run.exitCode()).isEqualTo(CommandLine.ExitCode.USAGE);
        assertThat(run.err()).startsWith("Invalid record size 0 bytes: use 1 to 1000000 bytes.");
    }

    @Test
    void helpListsBenchmarkNames() {
        CommandRun run = bench("--help");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out().replaceAll("\\s+", " ")).contains("Benchmark to run: broker, serdes, controller, scheduler, lb, lb-planning, lb-loop, agent, simulate, ingest, anomaly.");
    }

    @Test
    void controllerBenchmarkRunsAtTinyScale() {
        CommandRun run = bench("controller", "--count", "fogservices=2", "--count", "pods=4", "--count", "nodes=2");

        assertThat(run.exitCode()).as(run.err()).isZero();
        String[] lines = run.out().strip().split("\\R");
        assertThat(lines[lines.length - 1]).startsWith("bench=controller fogservices=2 pods=4 nodes=2 workers=2")
                .contains("controller.to.baseline=");
    }

    @Test
    void unknownCountIsRejected() {
        CommandRun run = bench("broker", "--count", "fogservices=2");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("Benchmark broker reads no count 'fogservices'. Its counts: none.");
    }
}
