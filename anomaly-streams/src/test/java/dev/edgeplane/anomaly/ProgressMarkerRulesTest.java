package dev.edgeplane.anomaly;

import static dev.edgeplane.anomaly.PlacementAdviceRulesTest.T0;
import static dev.edgeplane.anomaly.PlacementAdviceRulesTest.WINDOW;
import static dev.edgeplane.anomaly.PlacementAdviceRulesTest.closeThrough;
import static dev.edgeplane.anomaly.PlacementAdviceRulesTest.cluster;
import static dev.edgeplane.anomaly.PlacementAdviceRulesTest.window;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.edgeplane.anomaly.internal.state.NodeVerdict;
import dev.edgeplane.anomaly.internal.state.ProgressMarker;
import dev.edgeplane.anomaly.internal.state.VerdictOrMarker;
import dev.edgeplane.event.decision.RescheduleDecision;
import dev.edgeplane.event.decision.RescheduleStrategy;
import org.junit.jupiter.api.Test;

/**
 * Placement advice waiting for the progress markers of two node-health partitions. The driver runs
 * partition 0; the test writes the records of partition 1 to the verdicts repartition topic itself.
 */
class ProgressMarkerRulesTest {

    // Tumbling node windows (one pane per window), so each window index gives one verdict per node.
    static final Map<String, Object> SETTINGS = Map.of(AnomalyConfig.DEGRADE_WINDOWS_CONFIG, 1,
            AnomalyConfig.BETTER_HOLD_MS_CONFIG, 600_000L, AnomalyConfig.ADVICE_WAIT_MS_CONFIG, 5_000L,
            AnomalyConfig.WINDOW_PANE_MS_CONFIG, WINDOW);

    /** Window 0: edge-1 bad, edge-2 healthy; both on partition 0. */
    static void degradeEdge1(TopologyHarness harness) {
        cluster(harness, false);
        window(harness, "edge-1", 0, true, 2_000, 0.0);
        window(harness, "edge-2", 0, false, 2_000, 0.0);
        closeThrough(harness, 0);
    }

    @Test
    void unheardPartitionHoldsUntilIdle() {
        try (TopologyHarness harness = new TopologyHarness(SETTINGS, 2)) {
            degradeEdge1(harness);
            harness.driver.advanceWallClockTime(Duration.ofSeconds(60));
            assertThat(harness.decisions.isEmpty()).as("partition 1 has sent nothing, after 60 s").isTrue();

            // Its task processed no record for advice.wait.ms and announces itself idle.
            harness.verdictsByLocation.pipeInput("progress/1", new VerdictOrMarker(null,
                    new ProgressMarker(1, Long.MIN_VALUE, true)), 0L);
            assertThat(harness.decisions.readValuesToList()).singleElement().satisfies(decision -> {
                assertThat(decision.getPodUid()).isEqualTo("uid-1");
                assertThat(decision.getPredictedTarget()).isEqualTo("edge-2");
                assertThat(decision.getDecidedTime().toEpochMilli()).isEqualTo(T0 + WINDOW);
            });
        }
    }

    @Test
    void nodeHealthAnnouncesIdlePartition() {
        try (TopologyHarness harness = new TopologyHarness(SETTINGS, 1)) {
            var markers = harness.driver.createOutputTopic(harness.verdictsByLocationTopic,
                    new org.apache.kafka.common.serialization.StringDeserializer(),
                    harness.serdes.verdictOrMarker.deserializer());
            harness.driver.advanceWallClockTime(Duration.ofSeconds(4));
            assertThat(markers.isEmpty()).as("4 s of 5 s without records").isTrue();

            harness.driver.advanceWallClockTime(Duration.ofSeconds(1));
            assertThat(markers.readValuesToList()).singleElement().satisfies(value -> {
                assertThat(value.getMarker().getPartition()).isZero();
                assertThat(value.getMarker().getIdle()).isTrue();
            });
        }
    }

    @Test
    void lateVerdictOfOtherPartitionCounts() {
        try (TopologyHarness harness = new TopologyHarness(SETTINGS, 2)) {
            degradeEdge1(harness);
            assertThat(harness.decisions.isEmpty()).as("partition 1 has not reported window 0").isTrue();

            // Partition 1 is behind in event time: its verdict of window 0 arrives after partition 0
            // marked windows 0 complete, and before its own marker.
            harness.verdictsByLocation.pipeInput("north/edge-3", new VerdictOrMarker(healthy("edge-3", 0, 100.0), null),
                    T0 + WINDOW);
            assertThat(harness.decisions.isEmpty()).as("partition 1's marker has not arrived").isTrue();
            harness.verdictsByLocation.pipeInput("progress/1", new VerdictOrMarker(null,
                    new ProgressMarker(1, T0 + WINDOW, false)), T0 + WINDOW);

            List<RescheduleDecision> decisions = harness.decisions.readValuesToList();
            assertThat(decisions).singleElement().satisfies(decision -> {
                assertThat(decision.getStrategy()).isEqualTo(RescheduleStrategy.DEGRADED_NODE);
                assertThat(decision.getPodUid()).isEqualTo("uid-1");
                assertThat(decision.getPredictedTarget()).as("edge-3 scores higher than edge-2").isEqualTo("edge-3");
            });
        }
    }

    @Test
    void staleMarkerOldIgnoredAndRepeatIgnored() {
        try (TopologyHarness harness = new TopologyHarness(SETTINGS, 2)) {
            degradeEdge1(harness);
            harness.verdictsByLocation.pipeInput("progress/1", new VerdictOrMarker(null,
                    new ProgressMarker(1, T0 + WINDOW, false)), T0 + WINDOW);
            assertThat(harness.decisions.readValuesToList()).hasSize(1);

            // A marker sent again after a restart of its sender, and an older one, change nothing.
            harness.verdictsByLocation.pipeInput("progress/1", new VerdictOrMarker(null,
                    new ProgressMarker(1, T0 + WINDOW, false)), T0 + WINDOW);
            harness.verdictsByLocation.pipeInput("progress/1", new VerdictOrMarker(null,
                    new ProgressMarker(1, T0, false)), T0);
            // A verdict of a window already resolved decides nothing.
            harness.verdictsByLocation.pipeInput("north/edge-3", new VerdictOrMarker(healthy("edge-3", 0, 100.0), null),
                    T0 + WINDOW);
            assertThat(harness.decisions.isEmpty()).isTrue();
        }
    }

    @Test
    void partitionBehindOthersTurnsStale() {
        try (TopologyHarness harness = new TopologyHarness(SETTINGS, 2)) {
            cluster(harness, false);
            harness.verdictsByLocation.pipeInput("progress/1", new VerdictOrMarker(null,
                    new ProgressMarker(1, T0, false)), T0);
            // Partition 0 moves for 6 s of wall-clock time while partition 1 stays at T0.
            for (int i = 0; i < 6; i++) {
                window(harness, "edge-1", i, true, 2_000, 0.0);
                window(harness, "edge-2", i, false, 2_000, 0.0);
                closeThrough(harness, i);
                if (i < 4) {
                    assertThat(harness.decisions.isEmpty()).as("partition 1 counts after %d s", i + 1).isTrue();
                }
            }

            assertThat(harness.decisions.readValuesToList()).singleElement().satisfies(decision -> {
                assertThat(decision.getPodUid()).isEqualTo("uid-1");
                assertThat(decision.getDecidedTime().toEpochMilli()).as("first bad window").isEqualTo(T0 + WINDOW);
            });
        }
    }

    private static NodeVerdict healthy(String node, int index, double score) {
        return NodeVerdict.newBuilder()
                .setNode(node)
                .setLocation("north")
                .setInventoryKnown(true)
                .setUnschedulable(false)
                .setState("HEALTHY")
                .setSince(T0)
                .setWindowStart(T0 + index * WINDOW)
                .setWindowEnd(T0 + (index + 1) * WINDOW)
                .setMetricsSamples(2)
                .setCpuMeanRatio(0.1)
                .setRtHeadroomRatio(0.9)
                .setMeanRttMicros(500.0)
                .setMaxLossRatio(0.0)
                .setVantagePoints(1)
                .setScore(score)
                .setMissingInputs(List.of())
                .build();
    }
}
