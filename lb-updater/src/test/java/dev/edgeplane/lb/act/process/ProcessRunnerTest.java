package dev.edgeplane.lb.act.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.concurrent.TimeoutException;

import org.junit.jupiter.api.Test;

class ProcessRunnerTest {

    private final ProcessRunner runner = new ProcessRunner(2_000);

    @Test
    void returnsStatusAndBothStreams() throws Exception {
        ProcessRunner.Result result = runner.run(List.of("sh", "-c", "tr a-z A-Z; echo ' warned ' >&2; exit 3"), "nat\n");

        assertThat(result.exitStatus()).isEqualTo(3);
        assertThat(result.output()).isEqualTo("NAT\n");
        assertThat(result.errors()).isEqualTo("warned");
    }

    @Test
    void largeOutputDoesNotBlock() throws Exception {
        // 1 MiB on standard output, far beyond a pipe's buffer, while the input is still being written.
        String input = "x".repeat(1 << 20);

        ProcessRunner.Result result = runner.run(List.of("cat"), input);

        assertThat(result.output()).hasSize(1 << 20);
    }

    @Test
    void missingProgramRaisesStartException() {
        assertThatThrownBy(() -> runner.run(List.of("/nonexistent/ip"), ""))
                .isInstanceOf(ProcessRunner.StartException.class)
                .hasMessageContaining("Cannot start [/nonexistent/ip]");
    }

    @Test
    void slowCommandTimesOut() {
        ProcessRunner impatient = new ProcessRunner(200);

        assertThatThrownBy(() -> impatient.run(List.of("sleep", "5"), ""))
                .isInstanceOf(TimeoutException.class)
                .hasMessageContaining("timed out after 200 ms");
    }

    @Test
    void nonPositiveTimeoutRejected() {
        assertThatThrownBy(() -> new ProcessRunner(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Invalid timeout 0 ms");
    }
}
