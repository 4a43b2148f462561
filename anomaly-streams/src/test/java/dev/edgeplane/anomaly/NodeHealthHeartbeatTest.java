package dev.edgeplane.anomaly;

import static dev.edgeplane.anomaly.NodeHealthRulesTest.PANE;
import static dev.edgeplane.anomaly.NodeHealthRulesTest.T0;
import static dev.edgeplane.anomaly.NodeHealthRulesTest.healthOf;
import static dev.edgeplane.anomaly.NodeHealthRulesTest.pane;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import dev.edgeplane.event.state.NodeHealth;
import dev.edgeplane.event.state.NodeHealthState;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

/**
 * NodeHealth records with the default {@code health.heartbeat.ms} (the 10 s window): a judged window
 * that repeats the node's last record but for its window bounds sends nothing until a window size
 * has passed, and any other change sends a record at once. Panes of 2.5 s, one sample per pane.
 */
class NodeHealthHeartbeatTest {

    private static final long CLOSE_ALL = 60_000;

    private static List<Long> windowEnds(List<NodeHealth> records) {
        return records.stream().map(record -> record.getWindowEnd().toEpochMilli() - T0).toList();
    }

    @Test
    void healthyNodeSendsOneRecordPerWindow() {
        try (TopologyHarness harness = new TopologyHarness()) {
            for (int i = 0; i < 12; i++) {
                pane(harness, "edge-1", i, false);
            }
            harness.metrics(Events.metrics("clock-node", T0 + CLOSE_ALL, 0.1));

            // Twelve judged windows end every 2.5 s; a record goes out at the first and then every 10 s.
            List<NodeHealth> records = healthOf(harness, "edge-1");
            assertThat(windowEnds(records)).containsExactly(PANE, 5 * PANE, 9 * PANE);
            assertThat(records).extracting(NodeHealth::getState).containsOnly(NodeHealthState.HEALTHY);
            assertThat(records).extracting(NodeHealth::getConsecutiveGoodWindows).containsExactly(1, 2, 3);
        }
    }

    @Test
    void changedEvidenceSendsRecordAtOnce() {
        try (TopologyHarness harness = new TopologyHarness(Map.of(AnomalyConfig.DEGRADE_WINDOWS_CONFIG, 1))) {
            for (int i = 0; i < 6; i++) {
                pane(harness, "edge-1", i, true);
            }
            harness.metrics(Events.metrics("edge-1", T0 + 6 * PANE + 1_000, 0.99));
            pane(harness, "edge-1", 7, false);
            harness.metrics(Events.metrics("clock-node", T0 + CLOSE_ALL, 0.1));

            List<NodeHealth> records = healthOf(harness, "edge-1");
            // 2.5 s: first bad window. 12.5 s: a window size later, and the second bad window that does not
            // overlap the first. 17.5 s: the 0.99 sample moves the mean CPU use. 20 s: the good sample turns
            // the node RECOVERING.
            assertThat(windowEnds(records)).containsExactly(PANE, 5 * PANE, 7 * PANE, 8 * PANE);
            assertThat(records).extracting(NodeHealth::getState).containsExactly(NodeHealthState.DEGRADED,
                    NodeHealthState.DEGRADED, NodeHealthState.DEGRADED, NodeHealthState.RECOVERING);
            assertThat(records.get(2).getEvidence()).singleElement()
                    .satisfies(e -> assertThat(e.getValue()).isEqualTo(0.96, Offset.offset(1e-9)));
        }
    }

    @Test
    void heartbeatZeroSendsEveryJudgedWindow() {
        try (TopologyHarness harness = new TopologyHarness(Map.of(AnomalyConfig.HEARTBEAT_MS_CONFIG, 0L))) {
            for (int i = 0; i < 6; i++) {
                pane(harness, "edge-1", i, false);
            }
            harness.metrics(Events.metrics("clock-node", T0 + CLOSE_ALL, 0.1));

            assertThat(windowEnds(healthOf(harness, "edge-1")))
                    .containsExactly(PANE, 2 * PANE, 3 * PANE, 4 * PANE, 5 * PANE, 6 * PANE);
        }
    }
}
