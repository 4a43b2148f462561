package dev.edgeplane.anomaly.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;

import dev.edgeplane.anomaly.internal.state.NodePane;
import dev.edgeplane.anomaly.internal.state.NodeWindow;
import dev.edgeplane.anomaly.internal.state.ProbeStats;
import org.junit.jupiter.api.Test;

class JudgedWindowTest {

    static NodeWindow pane(int samples, double cpuSum, double cpuMax, Double rtLimit, ProbeStats probe) {
        NodeWindow window = NodeWindows.empty();
        window.setMetricsSamples(samples);
        window.setCpuRatioSum(cpuSum);
        window.setCpuRatioMax(cpuMax);
        window.setMemoryRatioMax(cpuMax / 2);
        window.setRtUsedCpusMax(cpuMax);
        window.setRtLimitCpus(rtLimit);
        if (probe != null) {
            window.getProbes().put("vantage-1", probe);
        }
        return window;
    }

    @Test
    void mergesPanesOfLatestWindow() {
        List<NodePane> stored = List.of(
                new NodePane(0L, 500L, pane(5, 1.5, 0.3, 1.9, new ProbeStats(2, 2_000.0, 2, 0.4, 0.4, 50.0))),
                new NodePane(500L, 1_000L, pane(4, 3.6, 0.95, null, new ProbeStats(1, 3_000.0, 1, 0.0, 0.0, 80.0))),
                new NodePane(1_000L, 1_500L, pane(5, 4.5, 0.9, 1.5, null)));
        NodePane closed = new NodePane(1_500L, 2_000L, pane(5, 4.75, 0.95, null,
                new ProbeStats(1, 1_000.0, 0, 1.0, 1.0, 0.0)));

        JudgedWindow judged = JudgedWindow.of(stored, closed, 2_000L);

        NodeWindow merged = judged.window();
        assertThat(judged.start()).isEqualTo(0L);
        assertThat(judged.end()).isEqualTo(2_000L);
        assertThat(merged.getMetricsSamples()).isEqualTo(19);
        assertThat(merged.getCpuRatioSum()).isCloseTo(14.35, within(1e-9));
        assertThat(merged.getCpuRatioMax()).isEqualTo(0.95);
        assertThat(merged.getMemoryRatioMax()).isEqualTo(0.475);
        assertThat(merged.getRtLimitCpus()).as("newest pane that reported a limit").isEqualTo(1.5);
        ProbeStats probes = merged.getProbes().get("vantage-1");
        assertThat(probes.getBursts()).isEqualTo(4);
        assertThat(probes.getRttSumMicros()).isEqualTo(6_000.0);
        assertThat(probes.getRttCount()).isEqualTo(3);
        assertThat(probes.getLossSum()).isCloseTo(1.4, within(1e-9));
        assertThat(probes.getLossMax()).isEqualTo(1.0);
        assertThat(probes.getJitterMaxMicros()).isEqualTo(80.0);
        assertThat(judged.panes()).extracting(NodePane::getStart).containsExactly(0L, 500L, 1_000L, 1_500L);
        assertThat(stored.get(0).getWindow().getMetricsSamples()).as("stored panes unchanged").isEqualTo(5);
    }

    @Test
    void dropsPanesBeforeWindowStart() {
        List<NodePane> stored = List.of(
                new NodePane(0L, 500L, pane(5, 5.0, 1.0, null, null)),
                new NodePane(1_000L, 1_500L, pane(5, 1.5, 0.3, null, null)));
        NodePane closed = new NodePane(2_000L, 2_500L, pane(5, 1.5, 0.3, null, null));

        JudgedWindow judged = JudgedWindow.of(stored, closed, 2_000L);

        assertThat(judged.panes()).extracting(NodePane::getStart).containsExactly(1_000L, 2_000L);
        assertThat(judged.start()).as("the oldest kept pane starts after end - size").isEqualTo(1_000L);
        assertThat(judged.window().getMetricsSamples()).isEqualTo(10);
        assertThat(judged.window().getCpuRatioMax()).isEqualTo(0.3);
    }

    @Test
    void firstPaneJudgedAlone() {
        NodePane closed = new NodePane(7_500L, 8_000L, pane(3, 2.7, 0.9, null, null));

        JudgedWindow judged = JudgedWindow.of(List.of(), closed, 2_000L);

        assertThat(judged.start()).isEqualTo(7_500L);
        assertThat(judged.end()).isEqualTo(8_000L);
        assertThat(judged.window().getMetricsSamples()).isEqualTo(3);
        assertThat(judged.panes()).hasSize(1);
    }
}
