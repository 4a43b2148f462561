package dev.edgeplane.anomaly;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import dev.edgeplane.event.deadletter.FailedStage;
import dev.edgeplane.event.state.NodeHealth;
import dev.edgeplane.event.state.NodeHealthState;
import dev.edgeplane.event.telemetry.NodeMetrics;
import dev.edgeplane.schemas.catalog.TopicCatalog;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NodeHealthRulesTest {

    static final long T0 = TopologyHarness.WALL_START.toEpochMilli();
    static final long WINDOW = 10_000;
    /** Default pane of the harness: a quarter of its 10 s window. */
    static final long PANE = 2_500;

    /** Sends one window of node {@code node}: two samples at CPU ratio 0.95 when bad, 0.3 when good. */
    static void window(TopologyHarness harness, String node, int index, boolean bad) {
        double cpu = bad ? 0.95 : 0.3;
        harness.metrics(Events.metrics(node, T0 + index * WINDOW + 3_000, cpu));
        harness.metrics(Events.metrics(node, T0 + index * WINDOW + 6_000, cpu));
    }

    /** Moves stream time past the end plus grace of window {@code index} with a sample of another node. */
    static void closeThrough(TopologyHarness harness, int index) {
        harness.metrics(Events.metrics("clock-node", T0 + (index + 1) * WINDOW + 2_000, 0.1));
    }

    static List<NodeHealth> healthOf(TopologyHarness harness, String node) {
        List<NodeHealth> states = new ArrayList<>();
        for (TestRecord<String, NodeHealth> record : harness.health.readRecordsToList()) {
            if (record.key().equals(node)) {
                states.add(record.value());
            }
        }
        return states;
    }

    /** Sends one sample of node {@code node} in pane {@code index}: CPU ratio 0.95 when bad, 0.3 when good. */
    static void pane(TopologyHarness harness, String node, int index, boolean bad) {
        harness.metrics(Events.metrics(node, T0 + index * PANE + 1_000, bad ? 0.95 : 0.3));
    }

    static List<NodeHealthState> statesOf(TopologyHarness harness, String node) {
        return healthOf(harness, node).stream().map(NodeHealth::getState).toList();
    }

    /** Returns the states of {@code letters}: H HEALTHY, S SUSPECT, D DEGRADED, R RECOVERING; spaces are ignored. */
    static List<NodeHealthState> states(String letters) {
        Map<Character, NodeHealthState> byLetter = Map.of('H', NodeHealthState.HEALTHY, 'S', NodeHealthState.SUSPECT,
                'D', NodeHealthState.DEGRADED, 'R', NodeHealthState.RECOVERING);
        return letters.replace(" ", "").chars().mapToObj(c -> byLetter.get((char) c)).toList();
    }

    // Tumbling windows (pane = window): one judged window per letter.
    @ParameterizedTest(name = "{0} gives {1}")
    @CsvSource({
            "BBBGG,     SUSPECT SUSPECT DEGRADED RECOVERING HEALTHY",
            "GBGBGB,    HEALTHY SUSPECT HEALTHY SUSPECT HEALTHY SUSPECT",
            "BBGBBB,    SUSPECT SUSPECT HEALTHY SUSPECT SUSPECT DEGRADED",
            "BBBGBGG,   SUSPECT SUSPECT DEGRADED RECOVERING DEGRADED RECOVERING HEALTHY",
            "GGBBBBG,   HEALTHY HEALTHY SUSPECT SUSPECT DEGRADED DEGRADED RECOVERING"
    })
    void hysteresisFollowsWindows(String windows, String expected) {
        try (TopologyHarness harness = new TopologyHarness(Map.of(AnomalyConfig.DEGRADE_WINDOWS_CONFIG, 3,
                AnomalyConfig.RECOVER_WINDOWS_CONFIG, 2, AnomalyConfig.WINDOW_PANE_MS_CONFIG, WINDOW))) {
            for (int i = 0; i < windows.length(); i++) {
                window(harness, "edge-1", i, windows.charAt(i) == 'B');
            }
            closeThrough(harness, windows.length() - 1);

            List<NodeHealthState> states = healthOf(harness, "edge-1").stream().map(NodeHealth::getState).toList();
            assertThat(states).containsExactlyElementsOf(
                    Arrays.stream(expected.trim().split(" ")).map(NodeHealthState::valueOf).toList());
        }
    }

    // Panes of 2.5 s, windows of 10 s (four panes), one sample per pane, and a NodeHealth record for each judged
    // window (health.heartbeat.ms=0). A window is bad only when all
    // its panes are ((0.3 + 3 * 0.95) / 4 = 0.79 is below the 0.9 threshold), and a run counts its windows
    // that do not overlap: the second counted bad window ends a full window after the first.
    @ParameterizedTest(name = "panes {0} give {1}")
    @CsvSource({
            // bad from pane 5: first all-bad window ends at pane 8, the next one that does not overlap it at pane 12
            "GGGGBBBBBBBBGGGGGGGG, HHHH HHHS SSSD RRRR HHHH",
            // runs of six bad panes: three overlapping bad windows count as one, so no DEGRADED
            "GGGGBBBBBBGGBBBBBBGG, HHHH HHHS SSHH HHHS SSHH",
            // a node's first window holds only its first pane and counts on its own
            "BBBBBGGGGGG,          SSSS D RRRR HH"
    })
    void paneWindowsCountWithoutOverlap(String panes, String expected) {
        try (TopologyHarness harness = new TopologyHarness(Map.of(AnomalyConfig.DEGRADE_WINDOWS_CONFIG, 2,
                AnomalyConfig.RECOVER_WINDOWS_CONFIG, 2, AnomalyConfig.HEARTBEAT_MS_CONFIG, 0L))) {
            for (int i = 0; i < panes.length(); i++) {
                pane(harness, "edge-1", i, panes.charAt(i) == 'B');
            }
            harness.metrics(Events.metrics("clock-node", T0 + panes.length() * PANE + 2_000, 0.1));

            assertThat(statesOf(harness, "edge-1")).containsExactlyElementsOf(states(expected.trim()));
        }
    }

    @Test
    void paneWindowExcludesItsEnd() {
        try (TopologyHarness harness = new TopologyHarness(Map.of(AnomalyConfig.DEGRADE_WINDOWS_CONFIG, 1,
                AnomalyConfig.HEARTBEAT_MS_CONFIG, 0L))) {
            for (long at : new long[] {0, PANE, 2 * PANE, 3 * PANE}) {
                harness.metrics(Events.metrics("edge-1", T0 + at, 0.95));
            }
            harness.metrics(Events.metrics("edge-1", T0 + WINDOW, 0.3));
            harness.metrics(Events.metrics("clock-node", T0 + WINDOW + PANE + 2_000, 0.1));

            List<NodeHealth> records = healthOf(harness, "edge-1");
            assertThat(records).extracting(h -> h.getWindowEnd().toEpochMilli() - T0)
                    .containsExactly(PANE, 2 * PANE, 3 * PANE, WINDOW, WINDOW + PANE);
            assertThat(records).extracting(h -> h.getWindowStart().toEpochMilli() - T0)
                    .as("a node's first windows start at its first pane").containsExactly(0L, 0L, 0L, 0L, PANE);
            assertThat(records.get(3).getState()).as("the sample at the window end is not in it")
                    .isEqualTo(NodeHealthState.DEGRADED);
            assertThat(records.get(3).getEvidence()).singleElement()
                    .satisfies(e -> assertThat(e.getValue()).isEqualTo(0.95, org.assertj.core.data.Offset.offset(1e-9)));
            assertThat(records.get(4).getState()).as("mean of 0.95, 0.95, 0.95 and 0.3 is below 0.9")
                    .isEqualTo(NodeHealthState.RECOVERING);
        }
    }

    @Test
    void degradedRecordCarriesReasonsAndEvidence() {
        try (TopologyHarness harness = new TopologyHarness(Map.of(AnomalyConfig.DEGRADE_WINDOWS_CONFIG, 2,
                AnomalyConfig.HEARTBEAT_MS_CONFIG, 0L))) {
            window(harness, "edge-1", 0, true);
            window(harness, "edge-1", 1, true);
            closeThrough(harness, 1);

            // Samples at 3, 6, 13 and 16 s. The windows ending at 5 and 7.5 s are bad and overlap, so they count
            // once. The window [5 s, 15 s) is the second bad one that does not overlap the first.
            List<NodeHealth> states = healthOf(harness, "edge-1");
            assertThat(states).extracting(NodeHealth::getState).containsExactly(NodeHealthState.SUSPECT,
                    NodeHealthState.SUSPECT, NodeHealthState.DEGRADED, NodeHealthState.DEGRADED);
            NodeHealth degraded = states.get(2);
            assertThat(degraded.getPreviousState()).isEqualTo(NodeHealthState.SUSPECT);
            assertThat(degraded.getConsecutiveBadWindows()).isEqualTo(2);
            assertThat(degraded.getWindowStart().toEpochMilli()).isEqualTo(T0 + 5_000);
            assertThat(degraded.getWindowEnd().toEpochMilli()).isEqualTo(T0 + 15_000);
            assertThat(degraded.getWindowGraceMs()).isEqualTo(2_000);
            assertThat(degraded.getReasons()).anyMatch(reason -> reason.startsWith("Mean CPU use 0.950 above 0.900"));
            assertThat(degraded.getEvidence()).singleElement()
                    .satisfies(e -> assertThat(e.getMetric()).isEqualTo("node.cpu.used.ratio"))
                    .satisfies(e -> assertThat(e.getValue()).isEqualTo(0.95, org.assertj.core.data.Offset.offset(1e-9)));
            assertThat(states.get(0).getReasons()).anyMatch(reason -> reason.contains("no decision yet"));
        }
    }

    // Grace runs from the end of a pane: the pane [0, 2.5 s) accepts records until stream time reaches 4.5 s.
    @Test
    void outOfOrderWithinGraceCounts() {
        try (TopologyHarness harness = new TopologyHarness()) {
            harness.metrics(Events.metrics("edge-1", T0 + 1_000, 0.95));
            harness.metrics(Events.metrics("edge-1", T0 + 4_400, 0.2));
            harness.metrics(Events.metrics("edge-1", T0 + 2_000, 0.99));
            closeThrough(harness, 0);

            NodeHealth first = healthOf(harness, "edge-1").get(0);
            assertThat(first.getEvidence()).singleElement()
                    .satisfies(e -> assertThat(e.getValue()).isEqualTo(0.97, org.assertj.core.data.Offset.offset(1e-9)));
            assertThat(harness.store(StoreNames.NODE_LATE_RECORDS).get("agent-edge-1")).isNull();
        }
    }

    @Test
    void lateRecordsAreCountedPerSource() {
        try (TopologyHarness harness = new TopologyHarness()) {
            harness.metrics(Events.metrics("edge-1", T0 + 1_000, 0.95));
            harness.metrics(Events.metrics("edge-2", T0 + 14_000, 0.2));
            harness.metrics(Events.metrics("edge-1", T0 + 4_000, 0.1));
            harness.metrics(Events.metrics("edge-1", T0 + 5_000, 0.1));
            harness.probe(Events.probe("edge-3", "edge-1", T0 + 6_000, 900.0, 0.0));

            NodeHealth first = healthOf(harness, "edge-1").get(0);
            assertThat(first.getEvidence()).singleElement()
                    .satisfies(e -> assertThat(e.getValue()).isEqualTo(0.95, org.assertj.core.data.Offset.offset(1e-9)));
            assertThat(harness.store(StoreNames.NODE_LATE_RECORDS).get("agent-edge-1")).isEqualTo(2L);
            assertThat(harness.store(StoreNames.NODE_LATE_RECORDS).get("agent-edge-3")).isEqualTo(1L);
            assertThat(harness.meters.counter("edgeplane.anomaly.records.late", "topic",
                    TopicCatalog.LINK_LATENCY.name()).count()).isEqualTo(1.0);
        }
    }

    @Test
    void skewedClockIsClampedAndClosesNoOtherWindow() {
        try (TopologyHarness harness = new TopologyHarness()) {
            harness.metrics(Events.metrics("edge-1", T0 + 1_000, 0.3));
            harness.metrics(Events.metrics("edge-skew", T0 + 3_600_000, T0 + 1_500, 0.3, 0.5));

            assertThat(harness.health.isEmpty()).as("window 0 of edge-1 is still open").isTrue();
            assertThat(harness.meters.counter("edgeplane.anomaly.records.clamped", "topic",
                    TopicCatalog.NODE_METRICS.name()).count()).isEqualTo(1.0);

            closeThrough(harness, 0);
            assertThat(healthOf(harness, "edge-skew")).singleElement()
                    .satisfies(h -> assertThat(h.getWindowEnd().toEpochMilli()).isEqualTo(T0 + PANE));
        }
    }

    @Test
    void skewedClockIsDeadLetteredWhenConfigured() {
        try (TopologyHarness harness = new TopologyHarness(Map.of(AnomalyConfig.SKEW_ACTION_CONFIG, "DEAD_LETTER"))) {
            NodeMetrics skewed = Events.metrics("edge-skew", T0 + 3_600_000, T0 + 1_500, 0.3, 0.5);
            byte[] bytes = harness.serdes.nodeMetrics.serializer().serialize(TopicCatalog.NODE_METRICS.name(), skewed);
            harness.rawNodeMetrics.pipeInput("edge-skew", bytes, T0 + 1_500);
            harness.metrics(Events.metrics("edge-1", T0 + 1_000, 0.3));
            closeThrough(harness, 0);

            var letter = harness.deadLetters.readValue();
            assertThat(letter.getFailedStage()).isEqualTo(FailedStage.VALIDATION);
            assertThat(letter.getSourceTopic()).isEqualTo(TopicCatalog.NODE_METRICS.name());
            assertThat(letter.getValue().array()).isEqualTo(bytes);
            assertThat(letter.getErrorMessage()).contains("runs 3598500 ms ahead").contains("timestamp.skew.tolerance.ms");
            assertThat(healthOf(harness, "edge-skew")).isEmpty();
            assertThat(harness.deadLetters.isEmpty()).isTrue();
        }
    }

    // TopologyTestDriver does not pass on the dead letters of a deserialization handler; the
    // integration test reads them from the broker.
    @Test
    void unreadableRecordIsSkippedAndProcessingGoesOn() {
        try (TopologyHarness harness = new TopologyHarness()) {
            harness.rawNodeMetrics.pipeInput("edge-1", new byte[] {0, 0, 0, 0, 99, 1}, T0);
            harness.metrics(Events.metrics("edge-1", T0 + 1_000, 0.3));
            closeThrough(harness, 0);

            double dropped = harness.driver.metrics().values().stream()
                    .filter(m -> m.metricName().name().equals("dropped-records-total"))
                    .mapToDouble(m -> ((Number) m.metricValue()).doubleValue()).sum();
            assertThat(dropped).isEqualTo(1.0);
            assertThat(healthOf(harness, "edge-1")).singleElement()
                    .satisfies(h -> assertThat(h.getState()).isEqualTo(NodeHealthState.HEALTHY));
        }
    }

    @Test
    void tombstoneIsCountedNotWindowed() {
        try (TopologyHarness harness = new TopologyHarness()) {
            harness.rawNodeMetrics.pipeInput("edge-1", null, T0);
            harness.metrics(Events.metrics("edge-1", T0 + 1_000, 0.3));
            closeThrough(harness, 0);

            assertThat(harness.meters.counter("edgeplane.anomaly.records.null", "topic",
                    TopicCatalog.NODE_METRICS.name()).count()).isEqualTo(1.0);
            assertThat(healthOf(harness, "edge-1")).singleElement()
                    .satisfies(h -> assertThat(h.getState()).isEqualTo(NodeHealthState.HEALTHY));
        }
    }

    @ParameterizedTest(name = "{0} failing vantage points give {1}")
    @CsvSource({"0, SUSPECT", "1, SUSPECT", "2, UNREACHABLE", "3, UNREACHABLE"})
    void silentNodeNeedsTwoVantagePoints(int failingVantagePoints, NodeHealthState expected) {
        try (TopologyHarness harness = new TopologyHarness()) {
            harness.metrics(Events.metrics("edge-1", T0 + 1_000, 0.3));
            closeThrough(harness, 0);
            assertThat(healthOf(harness, "edge-1")).singleElement()
                    .satisfies(h -> assertThat(h.getState()).isEqualTo(NodeHealthState.HEALTHY));

            harness.driver.advanceWallClockTime(Duration.ofSeconds(10));
            for (int v = 0; v < failingVantagePoints; v++) {
                harness.probe(Events.probe("vantage-" + v, "edge-1", T0 + 13_000, null, 1.0));
            }
            harness.probe(Events.probe("vantage-ok", "edge-1", T0 + 13_000, 800.0, 0.0));
            harness.driver.advanceWallClockTime(Duration.ofSeconds(6));

            NodeHealth silent = healthOf(harness, "edge-1").get(0);
            assertThat(silent.getState()).isEqualTo(expected);
            assertThat(silent.getPreviousState()).isEqualTo(NodeHealthState.HEALTHY);
            assertThat(silent.getReasons()).anyMatch(r -> r.contains(failingVantagePoints + " vantage point(s) report failed probes"));
            if (expected == NodeHealthState.SUSPECT) {
                assertThat(silent.getReasons()).anyMatch(r -> r.contains("fewer than the 2 needed for UNREACHABLE"));
            }

            harness.driver.advanceWallClockTime(Duration.ofSeconds(1));
            // At 23 s the judged window [15 s, 25 s) leaves out the failed probes of the pane [12.5 s, 15 s).
            harness.metrics(Events.metrics("edge-1", T0 + 23_000, 0.3));
            closeThrough(harness, 2);
            assertThat(healthOf(harness, "edge-1")).last()
                    .satisfies(h -> assertThat(h.getState()).isEqualTo(NodeHealthState.RECOVERING));
        }
    }
}
