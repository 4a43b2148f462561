package dev.edgeplane.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;

import dev.edgeplane.ingest.agent.IcmpAvailability;
import org.junit.jupiter.api.Test;

class AgentBenchmarkTest {

    @Test
    void runReportsCpuPerCycleAndRatio() {
        StringWriter progress = new StringWriter();
        BenchmarkSettings settings = new BenchmarkSettings(1, 1,
                Map.of(AgentBenchmark.PEERS, 3L, AgentBenchmark.CYCLES, 2L, AgentBenchmark.PROBES, 2L));

        BenchmarkResult result = new AgentBenchmark().run(settings, new PrintWriter(progress, true));

        assertThat(result.benchmark()).isEqualTo("agent");
        assertThat(result.figures()).containsEntry("peers", "3").containsEntry("probes.per.cycle", "12");
        assertThat(Double.parseDouble(result.figures().get("cpu.ms.per.cycle"))).isPositive();
        assertThat(Double.parseDouble(result.figures().get("baseline.cpu.ms.per.cycle"))).isPositive();
        assertThat(Double.parseDouble(result.figures().get("cpu.to.baseline"))).isPositive();
        assertThat(result.figures()).containsEntry("loss.ratio", "0.0000");
        assertThat(progress.toString()).contains("Started 3 echo responders on 127.0.0.1");
    }

    @Test
    void icmpPhaseWhenAllowed() {
        StringWriter progress = new StringWriter();
        BenchmarkSettings settings = new BenchmarkSettings(1, 1,
                Map.of(AgentBenchmark.PEERS, 2L, AgentBenchmark.CYCLES, 1L, AgentBenchmark.PROBES, 2L));

        BenchmarkResult result = new AgentBenchmark().run(settings, new PrintWriter(progress, true));

        if (IcmpAvailability.detect().available()) {
            assertThat(result.figures()).containsEntry("icmp.measured", "1");
            assertThat(Double.parseDouble(result.figures().get("icmp.cpu.ms.per.cycle"))).isPositive();
            assertThat(result.figures()).containsEntry("icmp.loss.ratio", "0.0000");
            assertThat(progress.toString()).contains("2 peers, ICMP only:");
        } else {
            assertThat(result.figures()).containsEntry("icmp.measured", "0").doesNotContainKey("icmp.cpu.ms.per.cycle");
            assertThat(progress.toString()).contains("No ICMP phase: ");
        }
    }
}
