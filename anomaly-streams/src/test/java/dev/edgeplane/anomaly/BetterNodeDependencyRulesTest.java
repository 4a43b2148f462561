package dev.edgeplane.anomaly;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import dev.edgeplane.anomaly.internal.DecisionFactory;
import dev.edgeplane.event.cluster.PodPhase;
import dev.edgeplane.event.cluster.PodPlacement;
import dev.edgeplane.event.common.Evidence;
import dev.edgeplane.event.decision.RescheduleDecision;
import dev.edgeplane.event.decision.RescheduleStrategy;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.Test;

/**
 * BetterNode with the round-trip times to a pod's dependencies. FogService city/camera calls
 * city/archive; city/viewer calls nothing and shows the node score criterion beside it. Windows of
 * 10 s in panes of 2.5 s, a 20 s hold and a 10-point margin, as in {@link PlacementAdviceRulesTest}.
 */
class BetterNodeDependencyRulesTest {

    static final long T0 = PlacementAdviceRulesTest.T0;
    static final long WINDOW = PlacementAdviceRulesTest.WINDOW;
    static final int WINDOWS = 5;

    static TopologyHarness harness() {
        return new TopologyHarness(Map.of(AnomalyConfig.BETTER_HOLD_MS_CONFIG, 20_000L,
                AnomalyConfig.BETTER_MARGIN_POINTS_CONFIG, 10.0));
    }

    /**
     * Sends one window of {@code node}: two samples at CPU ratio 0.3 and one probe burst from each
     * vantage point of {@code rttByVantagePoint}, round-trip times in microseconds.
     */
    static void window(TopologyHarness harness, String node, int index, Map<String, Double> rttByVantagePoint) {
        long start = T0 + index * WINDOW;
        harness.metrics(Events.metrics(node, start + 3_000, 0.3));
        rttByVantagePoint.forEach((vantagePoint, rtt) ->
                harness.probe(Events.probe(vantagePoint, node, start + 4_000, rtt, 0.0)));
        harness.metrics(Events.metrics(node, start + 6_000, 0.3));
    }

    /** Node inventory: edge-1 and edge-2 at north, edge-3 at north but cordoned, hub-1 at south. */
    static void cluster(TopologyHarness harness) {
        harness.nodes.pipeInput("edge-1", Events.node("edge-1", "north", false), T0 - 1_000);
        harness.nodes.pipeInput("edge-2", Events.node("edge-2", "north", false), T0 - 1_000);
        harness.nodes.pipeInput("edge-3", Events.node("edge-3", "north", true), T0 - 1_000);
        harness.nodes.pipeInput("hub-1", Events.node("hub-1", "south", false), T0 - 1_000);
        harness.fogServices.pipeInput("city/viewer", Events.fogService("viewer", Map.of()), T0 - 1_000);
    }

    /** Places camera-1 (uid-1) and viewer-1 (uid-2) on edge-1, and archive-1 (uid-9) on {@code archiveNode}. */
    static void pods(TopologyHarness harness, String archiveNode, String archiveLocation) {
        harness.placements.pipeInput("uid-1", Events.pod("uid-1", "camera-1", "camera", "edge-1", "north", false),
                T0 - 900);
        harness.placements.pipeInput("uid-2", Events.pod("uid-2", "viewer-1", "viewer", "edge-1", "north", false),
                T0 - 900);
        harness.placements.pipeInput("uid-9", Events.pod("uid-9", "archive-1", "archive", archiveNode,
                archiveLocation, false), T0 - 900);
    }

    @Test
    void closerToDependencyWinsAfterHold() {
        try (TopologyHarness harness = harness()) {
            cluster(harness);
            harness.fogServices.pipeInput("city/camera", Events.fogService("camera", Map.of("archive", 50_000L)), T0 - 1_000);
            pods(harness, "hub-1", "south");
            // Both nodes have the same mean round-trip time over their vantage points, so the same node
            // score, but hub-1 (archive, at another location) is 30 ms from edge-1 and 1 ms from edge-2.
            for (int i = 0; i < WINDOWS; i++) {
                window(harness, "edge-1", i, Map.of("peer-1", 1_000.0, "hub-1", 30_000.0));
                window(harness, "edge-2", i, Map.of("peer-2", 30_000.0, "hub-1", 1_000.0));
            }
            PlacementAdviceRulesTest.closeThrough(harness, WINDOWS - 1);

            List<RescheduleDecision> decisions = harness.decisions.readValuesToList();
            assertThat(decisions).as("viewer calls nothing and the node scores are equal")
                    .extracting(RescheduleDecision::getPodUid).containsExactly("uid-1");
            RescheduleDecision decision = decisions.get(0);
            assertThat(decision.getStrategy()).isEqualTo(RescheduleStrategy.BETTER_NODE);
            assertThat(decision.getFromNode()).isEqualTo("edge-1");
            assertThat(decision.getPredictedTarget()).isEqualTo("edge-2");
            // Node score 100 * (20 / (20 + 15.5) + 0.737) / 2 on both; dependency score 100 * 20 / (20 + rtt).
            double nodeScore = 100.0 * (20_000.0 / 35_500.0 + (1.0 - 0.5 / 1.9)) / 2.0;
            assertThat(decision.getCurrentScore()).isCloseTo((2 * nodeScore + 40.0) / 3.0, within());
            assertThat(decision.getPredictedScore()).isCloseTo((2 * nodeScore + 100.0 * 20.0 / 21.0) / 3.0, within());
            assertThat(decision.getDecidedTime().toEpochMilli()).as("same hold as the node score run")
                    .isEqualTo(T0 + 25_000);
            assertThat(decision.getDecisionId()).isEqualTo(
                    DecisionFactory.decisionId("uid-1", RescheduleStrategy.BETTER_NODE, "edge-1", T0 + 2_500));
            assertThat(metric(decision, "dependency.rtt.micros")).extracting(Evidence::getValue)
                    .containsExactly(30_000.0, 1_000.0);
            assertThat(metric(decision, "dependency.rtt.micros")).extracting(Evidence::getThreshold)
                    .containsOnly(50_000.0);
            assertThat(metric(decision, "pod.score.points")).last()
                    .satisfies(e -> assertThat(e.getThreshold()).isCloseTo(decision.getCurrentScore() + 10.0, within()));
            assertThat(decision.getMissingInputs()).isEmpty();
        }
    }

    @Test
    void dependencyWithoutPodsDecidesOnRest() {
        try (TopologyHarness harness = harness()) {
            cluster(harness);
            harness.fogServices.pipeInput("city/camera", Events.fogService("camera", Map.of("archive", 50_000L)), T0 - 1_000);
            pods(harness, "hub-1", "south");
            harness.placements.pipeInput("uid-9", null, T0 - 800);
            for (int i = 0; i < WINDOWS; i++) {
                window(harness, "edge-1", i, Map.of("peer-1", 30_000.0));
                window(harness, "edge-2", i, Map.of("peer-2", 5_000.0));
            }
            PlacementAdviceRulesTest.closeThrough(harness, WINDOWS - 1);

            Map<String, RescheduleDecision> decisions = byPodUid(harness.decisions.readValuesToList());
            assertThat(decisions).containsOnlyKeys("uid-1", "uid-2");
            RescheduleDecision camera = decisions.get("uid-1");
            assertThat(camera.getPredictedTarget()).isEqualTo("edge-2");
            assertThat(camera.getMissingInputs()).containsExactly("pods of FogService city/archive, a dependency of"
                    + " city/camera: none is running, so BetterNode compares without it");
            assertThat(camera.getCurrentScore()).as("node score alone").isEqualTo(decisions.get("uid-2").getCurrentScore());
            assertThat(metric(camera, "dependency.rtt.micros")).isEmpty();
            assertThat(metric(camera, "pod.score.points")).isEmpty();
            assertThat(metric(camera, "node.score.points")).last()
                    .satisfies(e -> assertThat(e.getThreshold()).isCloseTo(camera.getCurrentScore() + 10.0, within()));
            assertThat(decisions.get("uid-2").getMissingInputs()).as("viewer's spec is known and calls nothing").isEmpty();
        }
    }

    @Test
    void unmeasuredRoundTripIsListedMissing() {
        try (TopologyHarness harness = harness()) {
            cluster(harness);
            harness.fogServices.pipeInput("city/camera", Events.fogService("camera", Map.of("archive", 50_000L)), T0 - 1_000);
            pods(harness, "hub-1", "south");
            for (int i = 0; i < WINDOWS; i++) {
                window(harness, "edge-1", i, Map.of("peer-1", 30_000.0));
                window(harness, "edge-2", i, Map.of("peer-2", 5_000.0));
            }
            PlacementAdviceRulesTest.closeThrough(harness, WINDOWS - 1);

            Map<String, RescheduleDecision> decisions = byPodUid(harness.decisions.readValuesToList());
            assertThat(decisions).containsOnlyKeys("uid-1", "uid-2");
            RescheduleDecision camera = decisions.get("uid-1");
            assertThat(camera.getPredictedTarget()).isEqualTo("edge-2");
            assertThat(camera.getMissingInputs()).containsExactly(
                    "round-trip time from node edge-1 to FogService city/archive (on nodes hub-1): no probe between"
                            + " them was answered in the window ending " + (T0 + 25_000)
                            + ", so BetterNode compares without it",
                    "round-trip time from node edge-2 to FogService city/archive (on nodes hub-1): no probe between"
                            + " them was answered in the window ending " + (T0 + 25_000)
                            + ", so BetterNode compares without it");
            assertThat(camera.getCurrentScore()).as("node score alone").isEqualTo(decisions.get("uid-2").getCurrentScore());
        }
    }

    @Test
    void dependencyIndexFollowsPodChanges() {
        try (TopologyHarness harness = harness()) {
            cluster(harness);
            harness.fogServices.pipeInput("city/camera", Events.fogService("camera", Map.of("archive", 50_000L)), T0 - 1_000);
            pods(harness, "hub-1", "south");
            // archive-1 moves from hub-1 to edge-2, and archive-2 on edge-1 completes: only edge-2 runs archive then.
            harness.placements.pipeInput("uid-9", Events.pod("uid-9", "archive-1", "archive", "edge-2", "north", false),
                    T0 - 800);
            harness.placements.pipeInput("uid-8", Events.pod("uid-8", "archive-2", "archive", "edge-1", "north", false),
                    T0 - 800);
            PodPlacement completed = Events.pod("uid-8", "archive-2", "archive", "edge-1", "north", false);
            completed.setPhase(PodPhase.SUCCEEDED);
            harness.placements.pipeInput("uid-8", completed, T0 - 700);
            // The same mean round-trip time on both nodes, and 20 ms between them.
            for (int i = 0; i < WINDOWS; i++) {
                window(harness, "edge-1", i, Map.of("peer-1", 20_000.0, "edge-2", 20_000.0));
                window(harness, "edge-2", i, Map.of("peer-2", 20_000.0, "edge-1", 20_000.0));
            }
            PlacementAdviceRulesTest.closeThrough(harness, WINDOWS - 1);

            List<RescheduleDecision> decisions = harness.decisions.readValuesToList();
            assertThat(decisions).extracting(RescheduleDecision::getPodUid).containsExactly("uid-1");
            assertThat(decisions.get(0).getPredictedTarget()).isEqualTo("edge-2");
            assertThat(metric(decisions.get(0), "dependency.rtt.micros")).extracting(Evidence::getValue)
                    .as("edge-1 is 20 ms from archive-1 on edge-2, which runs it itself").containsExactly(20_000.0, 0.0);
            assertThat(decisions.get(0).getMissingInputs()).isEmpty();
            KeyValueStore<String, PodPlacement> replicas = harness.driver.getKeyValueStore(StoreNames.FOGSERVICE_REPLICAS);
            assertThat(replicas.get("@replica/city/archive/uid-9").getNode()).isEqualTo("edge-2");
            assertThat(replicas.get("@replica/city/archive/uid-8")).as("completed pods leave the index").isNull();
        }
    }

    @Test
    void candidateOverBoundIsNeverBetter() {
        try (TopologyHarness harness = harness()) {
            cluster(harness);
            harness.fogServices.pipeInput("city/camera", Events.fogService("camera", Map.of("archive", 5_000L)), T0 - 1_000);
            pods(harness, "edge-3", "north");
            // edge-2 has the better node score by 28 points and the better pod score by 12, but it is 8 ms
            // from archive on edge-3, above the 5 ms bound. The times come from edge-3's probes of its peers.
            for (int i = 0; i < WINDOWS; i++) {
                window(harness, "edge-1", i, Map.of("peer-1", 30_000.0));
                window(harness, "edge-2", i, Map.of("peer-2", 1_000.0));
                window(harness, "edge-3", i, Map.of("edge-1", 2_000.0, "edge-2", 8_000.0));
            }
            PlacementAdviceRulesTest.closeThrough(harness, WINDOWS - 1);

            assertThat(harness.decisions.readValuesToList()).as("only viewer moves, on the node score")
                    .singleElement().satisfies(decision -> {
                        assertThat(decision.getPodUid()).isEqualTo("uid-2");
                        assertThat(decision.getPredictedTarget()).isEqualTo("edge-2");
                    });
        }
    }

    /** Returns the decisions by pod uid; the viewer pods, compared on the node score, are decided first. */
    private static Map<String, RescheduleDecision> byPodUid(List<RescheduleDecision> decisions) {
        Map<String, RescheduleDecision> byUid = new java.util.TreeMap<>();
        decisions.forEach(decision -> byUid.put(decision.getPodUid(), decision));
        assertThat(byUid).as("one decision per pod").hasSameSizeAs(decisions);
        return byUid;
    }

    private static List<Evidence> metric(RescheduleDecision decision, String metric) {
        return decision.getEvidence().stream().filter(e -> e.getMetric().equals(metric)).toList();
    }

    private static org.assertj.core.data.Offset<Double> within() {
        return org.assertj.core.data.Offset.offset(1e-6);
    }
}
