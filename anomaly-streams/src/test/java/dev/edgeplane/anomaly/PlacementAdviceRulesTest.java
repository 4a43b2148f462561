package dev.edgeplane.anomaly;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import dev.edgeplane.anomaly.internal.DecisionFactory;
import dev.edgeplane.event.audit.ActionOutcome;
import dev.edgeplane.event.decision.RescheduleDecision;
import dev.edgeplane.event.decision.RescheduleStrategy;
import dev.edgeplane.event.state.NodeHealthState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PlacementAdviceRulesTest {

    static final long T0 = TopologyHarness.WALL_START.toEpochMilli();
    static final long WINDOW = 10_000;

    /**
     * Sends one window of a node: two samples at CPU ratio 0.95 (bad) or 0.3, and a probe burst from a
     * peer with round-trip time {@code rttMicros} and loss {@code loss}.
     */
    static void window(TopologyHarness harness, String node, int index, boolean badCpu, double rttMicros, double loss) {
        long start = T0 + index * WINDOW;
        double cpu = badCpu ? 0.95 : 0.3;
        harness.metrics(Events.metrics(node, start + 3_000, cpu));
        harness.probe(Events.probe("peer-of-" + node, node, start + 4_000, rttMicros, loss));
        harness.metrics(Events.metrics(node, start + 6_000, cpu));
    }

    /**
     * Closes the windows through {@code index} with a sample past their grace, then runs the
     * wall-clock punctuations once, so that node health sends its progress marker: a marker goes out
     * only after the pass that emitted the windows is over, on the next sample or tick.
     */
    static void closeThrough(TopologyHarness harness, int index) {
        harness.metrics(Events.metrics("clock-node", T0 + (index + 1) * WINDOW + 2_000, 0.1));
        harness.driver.advanceWallClockTime(java.time.Duration.ofSeconds(1));
    }

    static void cluster(TopologyHarness harness, boolean edge3Cordoned) {
        harness.nodes.pipeInput("edge-1", Events.node("edge-1", "north", false), T0 - 1_000);
        harness.nodes.pipeInput("edge-2", Events.node("edge-2", "north", false), T0 - 1_000);
        harness.nodes.pipeInput("edge-3", Events.node("edge-3", "north", edge3Cordoned), T0 - 1_000);
        harness.placements.pipeInput("uid-1", Events.pod("uid-1", "camera-1", "edge-1", "north", true), T0 - 900);
        harness.placements.pipeInput("uid-2", Events.pod("uid-2", "camera-2", "edge-1", "north", false), T0 - 900);
        harness.placements.pipeInput("uid-3", Events.pod("uid-3", "camera-3", "edge-2", "north", true), T0 - 900);
        harness.placements.pipeInput("uid-4", Events.pod("uid-4", "camera-4", "edge-1", "north", true), T0 - 900);
        harness.placements.pipeInput("uid-4", null, T0 - 800);
    }

    @Test
    void degradedNodeMovesOnlyCriticalPods() {
        try (TopologyHarness harness = new TopologyHarness(Map.of(AnomalyConfig.DEGRADE_WINDOWS_CONFIG, 2,
                AnomalyConfig.BETTER_HOLD_MS_CONFIG, 600_000L))) {
            cluster(harness, false);
            for (int i = 0; i < 4; i++) {
                window(harness, "edge-1", i, i >= 1, 2_000, 0.0);
                window(harness, "edge-2", i, false, 5_000, 0.0);
                window(harness, "edge-3", i, false, 1_000, 0.0);
            }
            closeThrough(harness, 3);

            List<RescheduleDecision> decisions = harness.decisions.readValuesToList();
            assertThat(decisions).singleElement().satisfies(decision -> {
                assertThat(decision.getPodUid()).isEqualTo("uid-1");
                assertThat(decision.getStrategy()).isEqualTo(RescheduleStrategy.DEGRADED_NODE);
                assertThat(decision.getFromNode()).isEqualTo("edge-1");
                assertThat(decision.getPredictedTarget()).isEqualTo("edge-3");
                assertThat(decision.getPredictedScore()).isGreaterThan(decision.getCurrentScore());
                // Bad samples from 13 s on, panes of 2.5 s: the first bad window ends at 17.5 s, and the next
                // one that does not overlap it, [17.5 s, 27.5 s), decides 2.5 s before the tumbling window would.
                assertThat(decision.getDecidedTime().toEpochMilli()).isEqualTo(T0 + 27_500);
                assertThat(decision.getDecisionId()).isEqualTo(DecisionFactory.decisionId("uid-1",
                        RescheduleStrategy.DEGRADED_NODE, "edge-1", T0 + 27_500));
                assertThat(decision.getEvidence()).anySatisfy(e -> {
                    assertThat(e.getMetric()).isEqualTo("node.cpu.used.ratio");
                    assertThat(e.getValue()).isGreaterThan(e.getThreshold());
                });
                assertThat(decision.getMissingInputs()).isEmpty();
            });
        }
    }

    @Test
    void cordonedTargetLeavesNoTarget() {
        try (TopologyHarness harness = new TopologyHarness(Map.of(AnomalyConfig.DEGRADE_WINDOWS_CONFIG, 1,
                AnomalyConfig.BETTER_HOLD_MS_CONFIG, 600_000L))) {
            cluster(harness, true);
            window(harness, "edge-1", 0, true, 2_000, 0.0);
            window(harness, "edge-2", 0, true, 5_000, 0.0);
            window(harness, "edge-3", 0, false, 1_000, 0.0);
            closeThrough(harness, 0);

            List<RescheduleDecision> decisions = harness.decisions.readValuesToList();
            assertThat(decisions).extracting(RescheduleDecision::getPodUid).containsExactlyInAnyOrder("uid-1", "uid-3");
            assertThat(decisions).allSatisfy(decision -> {
                assertThat(decision.getPredictedTarget()).isNull();
                assertThat(decision.getPredictedScore()).isNull();
                assertThat(decision.getMissingInputs()).anyMatch(m -> m.startsWith("a HEALTHY schedulable node at location north"));
            });
        }
    }

    // With 2.5 s panes each lossy probe makes two bad windows in a row, ending 2.5 s apart. They overlap
    // and count as one, so the link never reaches the two bad windows that DEGRADED needs.
    @ParameterizedTest(name = "panes of {0} ms")
    @ValueSource(longs = {2_500, 10_000})
    void flappingLinkTakesNoDecision(long paneMs) {
        try (TopologyHarness harness = new TopologyHarness(Map.of(AnomalyConfig.DEGRADE_WINDOWS_CONFIG, 2,
                AnomalyConfig.BETTER_HOLD_MS_CONFIG, 600_000L, AnomalyConfig.WINDOW_PANE_MS_CONFIG, paneMs))) {
            cluster(harness, false);
            for (int i = 0; i < 8; i++) {
                window(harness, "edge-1", i, false, 2_000, i % 2 == 0 ? 0.6 : 0.0);
                window(harness, "edge-2", i, false, 2_000, 0.0);
            }
            closeThrough(harness, 7);

            assertThat(harness.decisions.isEmpty()).isTrue();
            assertThat(harness.audits.isEmpty()).isTrue();
            assertThat(NodeHealthRulesTest.statesOf(harness, "edge-1")).as("the bad windows were judged")
                    .contains(NodeHealthState.SUSPECT).doesNotContain(NodeHealthState.DEGRADED);
        }
    }

    @Test
    void betterNodeDecidesAfterHoldOnce() {
        try (TopologyHarness harness = new TopologyHarness(Map.of(AnomalyConfig.BETTER_HOLD_MS_CONFIG, 20_000L,
                AnomalyConfig.BETTER_MARGIN_POINTS_CONFIG, 10.0))) {
            cluster(harness, true);
            for (int i = 0; i < 5; i++) {
                window(harness, "edge-1", i, false, 30_000, 0.0);
                window(harness, "edge-2", i, false, 5_000, 0.0);
                window(harness, "edge-3", i, false, 500, 0.0);
            }
            closeThrough(harness, 4);

            List<RescheduleDecision> decisions = harness.decisions.readValuesToList();
            assertThat(decisions).extracting(RescheduleDecision::getPodUid).containsExactly("uid-1", "uid-2");
            assertThat(decisions).allSatisfy(decision -> {
                assertThat(decision.getStrategy()).isEqualTo(RescheduleStrategy.BETTER_NODE);
                assertThat(decision.getFromNode()).isEqualTo("edge-1");
                assertThat(decision.getPredictedTarget()).isEqualTo("edge-2");
                assertThat(decision.getPredictedScore() - decision.getCurrentScore()).isGreaterThanOrEqualTo(10.0);
                // The run starts at the first pane with samples (2.5 s). Verdicts come only at the panes that
                // hold samples (5, 7.5, 15, 17.5, 25 s), and the first to end at least 20 s later is at 25 s.
                assertThat(decision.getDecidedTime().toEpochMilli()).isEqualTo(T0 + 25_000);
                assertThat(decision.getMissingInputs())
                        .containsExactly(DecisionFactory.dependenciesUnknown("city", "camera"));
                assertThat(decision.getEvidence()).anySatisfy(e -> assertThat(e.getMetric()).isEqualTo("better.node.held.ms"));
            });
            assertThat(decisions.get(0).getDecisionId()).isEqualTo(
                    DecisionFactory.decisionId("uid-1", RescheduleStrategy.BETTER_NODE, "edge-1", T0 + 2_500));
        }
    }

    @Test
    void betterNodeRunBrokenBySuspectWindowWaits() {
        try (TopologyHarness harness = new TopologyHarness(Map.of(AnomalyConfig.BETTER_HOLD_MS_CONFIG, 20_000L))) {
            cluster(harness, true);
            for (int i = 0; i < 6; i++) {
                window(harness, "edge-1", i, false, 30_000, 0.0);
                window(harness, "edge-2", i, false, 1_000, i % 2 == 1 ? 0.6 : 0.0);
                window(harness, "edge-3", i, false, 1_000, 0.0);
            }
            closeThrough(harness, 5);

            assertThat(harness.decisions.isEmpty()).isTrue();
        }
    }

    @Test
    void silentInventoryNodeHoldsNoAdvice() {
        try (TopologyHarness harness = new TopologyHarness(Map.of(AnomalyConfig.DEGRADE_WINDOWS_CONFIG, 1,
                AnomalyConfig.ADVICE_WAIT_MS_CONFIG, 60_000L, AnomalyConfig.BETTER_HOLD_MS_CONFIG, 600_000L))) {
            cluster(harness, false);
            for (int i = 0; i < 3; i++) {
                window(harness, "edge-1", i, true, 2_000, 0.0);
                window(harness, "edge-2", i, false, 2_000, 0.0);
            }
            closeThrough(harness, 2);

            // edge-3 never reports, but the progress marker of its partition moves on without it,
            // so no wall-clock wait (60 s here) holds the decision back.
            assertThat(harness.decisions.readValuesToList()).singleElement().satisfies(decision -> {
                assertThat(decision.getPodUid()).isEqualTo("uid-1");
                assertThat(decision.getPredictedTarget()).isEqualTo("edge-2");
                assertThat(decision.getDecidedTime().toEpochMilli()).as("end of the first pane with samples")
                        .isEqualTo(T0 + 5_000);
            });
        }
    }

    @Test
    void degradedNodeWithoutInventoryIsAudited() {
        try (TopologyHarness harness = new TopologyHarness(Map.of(AnomalyConfig.DEGRADE_WINDOWS_CONFIG, 1))) {
            window(harness, "edge-9", 0, true, 2_000, 0.0);
            window(harness, "edge-9", 1, true, 2_000, 0.0);
            closeThrough(harness, 1);

            assertThat(harness.decisions.isEmpty()).isTrue();
            assertThat(harness.audits.readValuesToList()).singleElement().satisfies(audit -> {
                assertThat(audit.getOutcome()).isEqualTo(ActionOutcome.SKIPPED);
                assertThat(audit.getActor()).isEqualTo(DecisionFactory.ACTOR);
                assertThat(audit.getFromNode()).isEqualTo("edge-9");
                assertThat(audit.getReason()).contains("no NodeInventory record");
            });
        }
    }
}
