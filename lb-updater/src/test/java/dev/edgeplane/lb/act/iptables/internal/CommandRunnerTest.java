package dev.edgeplane.lb.act.iptables.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import dev.edgeplane.lb.act.iptables.IptablesCommandException;
import org.junit.jupiter.api.Test;

class CommandRunnerTest {

    private final CommandRunner runner = new CommandRunner(2_000);

    @Test
    void passesInputAndReturnsOutput() {
        assertThat(runner.run(List.of("tr", "a-z", "A-Z"), "nat\n")).isEqualTo("NAT\n");
    }

    @Test
    void failureCarriesStandardError() {
        List<String> command = List.of("sh", "-c", "cat >/dev/null; echo 'line 3 failed' >&2; exit 1");

        assertThatThrownBy(() -> runner.run(command, "*nat\nCOMMIT\n"))
                .isInstanceOfSatisfying(IptablesCommandException.class, e -> assertThat(e.retriable()).isTrue())
                .hasMessageContaining("exit status 1")
                .hasMessageContaining("line 3 failed");
    }

    @Test
    void missingProgramIsNotRetriable() {
        assertThatThrownBy(() -> runner.run(List.of("/nonexistent/iptables-restore"), ""))
                .isInstanceOfSatisfying(IptablesCommandException.class, e -> assertThat(e.retriable()).isFalse())
                .hasMessageContaining("Cannot start [/nonexistent/iptables-restore]")
                .hasMessageContaining("install the Debian package iptables");
    }

    @Test
    void slowCommandIsKilled() {
        CommandRunner impatient = new CommandRunner(200);

        assertThatThrownBy(() -> impatient.run(List.of("sleep", "5"), ""))
                .isInstanceOf(IptablesCommandException.class)
                .hasMessageContaining("timed out after 200 ms");
    }
}
