package dev.edgeplane.lb.decide;

import static dev.edgeplane.lb.decide.PlannerFixtures.endpoint;
import static dev.edgeplane.lb.decide.PlannerFixtures.failing;
import static dev.edgeplane.lb.decide.PlannerFixtures.healthy;
import static dev.edgeplane.lb.decide.PlannerFixtures.notReady;
import static dev.edgeplane.lb.decide.PlannerFixtures.planner;
import static dev.edgeplane.lb.decide.PlannerFixtures.service;
import static dev.edgeplane.lb.decide.PlannerFixtures.singleNode;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

/** The cost model and the regimes that do not involve ejection; see {@link EjectionTest} for those. */
class WeightPlannerTest {

    private static final long T0 = 1_700_000_000_000L;

    @Test
    void fasterEndpointGetsMoreWeight() {
        WeightPlanner planner = planner();
        ServiceInput input = service()
                .with(endpoint("web-1", "node-a"), healthy(10, T0))
                .with(endpoint("web-2", "node-a"), healthy(20, T0))
                .build();

        NodeWeights weights = planner.plan(input, singleNode(), T0).forNode("node-a");

        // Costs 10 and 20 ms with k = 2 give raw weights 1/100 and 1/400.
        assertThat(weights.weightOf("web-1")).isCloseTo(0.8, within(1e-12));
        assertThat(weights.weightOf("web-2")).isCloseTo(0.2, within(1e-12));
    }

    @Test
    void linkLatencyMakesWeightsDifferPerClientNode() {
        WeightPlanner planner = planner();
        LinkLatencyTable links = LinkLatencyTable.builder()
                .clientNodes(java.util.List.of("node-a", "node-b"))
                .rtt("node-a", "node-b", 10, T0)
                .rtt("node-b", "node-a", 10, T0)
                .build();
        ServiceInput input = service()
                .with(endpoint("web-a", "node-a"), healthy(10, T0))
                .with(endpoint("web-b", "node-b"), healthy(10, T0))
                .build();

        ServicePlan plan = planner.plan(input, links, T0);

        assertThat(plan.forNode("node-a").weightOf("web-a")).isCloseTo(0.8, within(1e-12));
        assertThat(plan.forNode("node-b").weightOf("web-b")).isCloseTo(0.8, within(1e-12));
        assertThat(plan.forNode("node-a").measuredRttMs(1)).isEqualTo(10.0);
    }

    @Test
    void stalledReplicaLooksSlowBeforeResponsesComplete() {
        // Latency ejection off: this checks the cost weighting, which would otherwise not apply.
        WeightPlanner planner = planner(WeightPlannerConfig.EJECTION_LATENCY_FACTOR, 0.0);
        // 40 requests in flight on average, 5 completed in 1 s: Little's law gives 8 s.
        ServiceInput input = service()
                .with(endpoint("web-1", "node-a"), new ReplicaObservation(10, 10, 0.0, 40, 5, 1_000, T0))
                .with(endpoint("web-2", "node-a"), new ReplicaObservation(10, 12, 0.0, 0.2, 20, 1_000, T0))
                .build();

        ServicePlan plan = planner.plan(input, singleNode(), T0);

        assertThat(plan.decisions().get(0).latencyMs()).isEqualTo(8_000.0);
        assertThat(plan.decisions().get(1).latencyMs()).isEqualTo(11.0);
        assertThat(plan.forNode("node-a").weightOf("web-1")).isCloseTo(0.01, within(1e-12));
    }

    @Test
    void probeRateWindowsKeepOwnLatency() {
        WeightPlanner planner = planner();
        // An agent's probes: 4 requests in a 2 s window, one in flight when it reported. Little's law
        // would give 1 x 2000 / 4 = 500 ms for every replica and hide the slow one's 402 ms.
        ServiceInput input = service()
                .with(endpoint("web-1", "node-a"), new ReplicaObservation(402, 402, 0.0, 1.0, 4, 2_000, T0))
                .with(endpoint("web-2", "node-a"), new ReplicaObservation(6, 6, 0.0, 1.0, 4, 2_000, T0))
                .with(endpoint("web-3", "node-a"), new ReplicaObservation(8, 8, 0.0, 1.0, 4, 2_000, T0))
                .build();

        ServicePlan plan = planner.plan(input, singleNode(), T0);

        assertThat(plan.decisions().get(0).latencyMs()).isEqualTo(402.0);
        assertThat(plan.decisions().get(1).latencyMs()).isEqualTo(6.0);
        assertThat(plan.decisions().get(2).latencyMs()).isEqualTo(8.0);
        // Too few requests for a first latency ejection, so the slow replica keeps the floor of 0.01.
        assertThat(plan.decisions().get(0).state()).isEqualTo(EndpointState.ACTIVE);
        assertThat(plan.forNode("node-a").weightOf("web-1")).isCloseTo(0.01, within(1e-12));
    }

    @Test
    void stallWithoutCompletionsUsesLittlesLaw() {
        // Latency ejection off: this checks the cost weighting, which would otherwise not apply.
        WeightPlanner planner = planner(WeightPlannerConfig.EJECTION_LATENCY_FACTOR, 0.0);
        // Nothing completed in the window and 2 requests in flight: only Little's law shows the stall.
        ServiceInput input = service()
                .with(endpoint("web-1", "node-a"), new ReplicaObservation(0, 0, 0.0, 2.0, 0, 2_000, T0))
                .with(endpoint("web-2", "node-a"), new ReplicaObservation(6, 6, 0.0, 1.0, 4, 2_000, T0))
                .build();

        ServicePlan plan = planner.plan(input, singleNode(), T0);

        assertThat(plan.decisions().get(0).latencyMs()).isEqualTo(4_000.0);
        assertThat(plan.decisions().get(1).latencyMs()).isEqualTo(6.0);
    }

    @Test
    void busierReplicaIsNotPenalisedForLoad() {
        WeightPlanner planner = planner();
        // Same latency, ten times the requests in flight: Little's law still gives under 10 ms.
        ServiceInput input = service()
                .with(endpoint("web-1", "node-a"), new ReplicaObservation(10, 10, 0.0, 9, 1_000, 1_000, T0))
                .with(endpoint("web-2", "node-a"), new ReplicaObservation(10, 10, 0.0, 0.9, 100, 1_000, T0))
                .build();

        NodeWeights weights = planner.plan(input, singleNode(), T0).forNode("node-a");

        assertThat(weights.weightOf("web-1")).isCloseTo(0.5, within(1e-12));
    }

    @Test
    void floorKeepsSlowEndpointProbed() {
        // Latency ejection would take the 200x slower endpoint out; the floor holds for the others.
        WeightPlanner planner = planner(WeightPlannerConfig.EJECTION_LATENCY_FACTOR, 0.0);
        PlannerFixtures.Service builder = service().with(endpoint("slow", "node-a"), healthy(2_000, T0));
        for (int i = 1; i <= 10; i++) {
            builder.with(endpoint("fast-" + i, "node-a"), healthy(10, T0));
        }

        NodeWeights weights = planner.plan(builder.build(), singleNode(), T0).forNode("node-a");

        assertThat(weights.weightOf("slow")).isCloseTo(0.01, within(1e-12));
        assertThat(weights.weightOf("fast-1")).isCloseTo(0.099, within(1e-12));
        assertThat(weights.unclampedWeights()[0]).isCloseTo(0.0025 / 10.0025 * 0.01, within(1e-9));
    }

    @Test
    void floorBecomesEqualShareForManyEndpoints() {
        WeightPlanner planner = planner(WeightPlannerConfig.WEIGHT_FLOOR, 0.4);
        ServiceInput input = service()
                .with(endpoint("web-1", "node-a"), healthy(10, T0))
                .with(endpoint("web-2", "node-a"), healthy(1_000, T0))
                .with(endpoint("web-3", "node-a"), healthy(1_000, T0))
                .build();

        NodeWeights weights = planner.plan(input, singleNode(), T0).forNode("node-a");

        assertThat(weights.weights()).containsOnly(1.0 / 3);
    }

    @Test
    void changePerUpdateIsLimited() {
        WeightPlanner planner = planner(WeightPlannerConfig.EJECTION_LATENCY_FACTOR, 0.0);
        planner.plan(twoEndpoints(10, 10, T0), singleNode(), T0);

        double[] second = planner.plan(twoEndpoints(10, 1_000, T0 + 1_000), singleNode(), T0 + 1_000)
                .forNode("node-a").weights();
        double[] third = planner.plan(twoEndpoints(10, 1_000, T0 + 2_000), singleNode(), T0 + 2_000)
                .forNode("node-a").weights();

        assertThat(second).containsExactly(new double[] {0.6, 0.4}, within(1e-12));
        assertThat(third).containsExactly(new double[] {0.7, 0.3}, within(1e-12));
    }

    @Test
    void peakEwmaRisesAtOnceAndDecaysSlowly() {
        WeightPlanner planner = planner();
        planner.plan(twoEndpoints(10, 10, T0), singleNode(), T0);
        ServicePlan spike = planner.plan(twoEndpoints(10, 100, T0 + 1_000), singleNode(), T0 + 1_000);
        ServicePlan calm = planner.plan(twoEndpoints(10, 10, T0 + 11_000), singleNode(), T0 + 11_000);

        assertThat(spike.decisions().get(1).latencyMs()).isEqualTo(100.0);
        // One decay time constant (10 s) keeps exp(-1) of the 90 ms excess.
        assertThat(calm.decisions().get(1).latencyMs()).isCloseTo(10 + 90 * Math.exp(-1), within(1e-9));
    }

    @Test
    void staleObservationCountsAsUnobserved() {
        WeightPlanner planner = planner();
        ServiceInput input = service()
                .with(endpoint("web-1", "node-a"), healthy(10, T0))
                .with(endpoint("web-2", "node-a"), healthy(30, T0))
                .with(endpoint("web-3", "node-a"), healthy(1_000, T0 - 60_000))
                .build();

        EndpointDecision stale = planner.plan(input, singleNode(), T0).decisions().get(2);

        assertThat(stale.observed()).isFalse();
        assertThat(stale.latencyMs()).isEqualTo(20.0);
        assertThat(stale.state()).isEqualTo(EndpointState.ACTIVE);
    }

    @Test
    void unmeasuredLinkCountsAsSlowestMeasured() {
        WeightPlanner planner = planner();
        LinkLatencyTable links = LinkLatencyTable.builder()
                .clientNode("node-a")
                .rtt("node-a", "node-b", 5, T0)
                .build();
        ServiceInput input = service()
                .with(endpoint("web-a", "node-a"), healthy(10, T0))
                .with(endpoint("web-b", "node-b"), healthy(10, T0))
                .with(endpoint("web-c", "node-c"), healthy(10, T0))
                .build();

        NodeWeights weights = planner.plan(input, links, T0).forNode("node-a");

        assertThat(weights.measuredRttMs(2)).isNaN();
        assertThat(weights.effectiveRttsMs()).containsExactly(0.0, 5.0, 5.0);
        assertThat(weights.weightOf("web-b")).isEqualTo(weights.weightOf("web-c"));
    }

    @Test
    void notReadyEndpointRampsWhenReady() {
        WeightPlanner planner = planner();
        planner.plan(service()
                .with(endpoint("web-1", "node-a"), healthy(10, T0))
                .with(endpoint("web-2", "node-a"), healthy(10, T0))
                .build(), singleNode(), T0);

        ServicePlan down = planner.plan(service()
                .with(endpoint("web-1", "node-a"), healthy(10, T0 + 1_000))
                .with(notReady("web-2", "node-a"), healthy(10, T0 + 1_000))
                .build(), singleNode(), T0 + 1_000);
        ServicePlan back = planner.plan(service()
                .with(endpoint("web-1", "node-a"), healthy(10, T0 + 2_000))
                .with(endpoint("web-2", "node-a"), healthy(10, T0 + 2_000))
                .build(), singleNode(), T0 + 2_000);

        assertThat(down.forNode("node-a").weights()).containsExactly(1.0, 0.0);
        assertThat(down.decisions().get(1).state()).isEqualTo(EndpointState.NOT_READY);
        assertThat(back.decisions().get(1).state()).isEqualTo(EndpointState.RAMPING);
        assertThat(back.forNode("node-a").weightOf("web-2")).isCloseTo(0.01, within(1e-12));
    }

    @Test
    void newEndpointRampsButFirstPlanDoesNot() {
        WeightPlanner planner = planner();
        ServicePlan first = planner.plan(twoEndpoints(10, 10, T0), singleNode(), T0);
        ServicePlan grown = planner.plan(service()
                .with(endpoint("web-1", "node-a"), healthy(10, T0 + 1_000))
                .with(endpoint("web-2", "node-a"), healthy(10, T0 + 1_000))
                .with(endpoint("web-3", "node-a"), null)
                .build(), singleNode(), T0 + 1_000);

        assertThat(first.decisions()).extracting(EndpointDecision::state).containsOnly(EndpointState.ACTIVE);
        assertThat(grown.decisions().get(2).state()).isEqualTo(EndpointState.RAMPING);
        assertThat(grown.forNode("node-a").weights()).containsExactly(new double[] {0.495, 0.495, 0.01},
                within(1e-12));
    }

    @Test
    void rampReachesFullShareOverRampDuration() {
        WeightPlanner planner = planner(WeightPlannerConfig.RAMP_DURATION_MS, 10_000L);
        planner.plan(twoEndpoints(10, 10, T0), singleNode(), T0);

        double previous = 0.0;
        double rampStep = (0.5 - 0.01) / 10;
        for (int second = 1; second <= 12; second++) {
            long now = T0 + second * 1_000L;
            ServiceInput input = service()
                    .with(endpoint("web-1", "node-a"), healthy(10, now))
                    .with(endpoint("web-2", "node-a"), healthy(10, now))
                    .with(endpoint("web-3", "node-a"), healthy(10, now))
                    .build();
            double share = planner.plan(input, singleNode(), now).forNode("node-a").weightOf("web-3");

            double cap = 0.01 + (1.0 / 3 - 0.01) * Math.min(1.0, (second - 1) / 10.0);
            assertThat(share).as("share at second %d", second).isLessThanOrEqualTo(cap + 1e-12);
            assertThat(share - previous).as("step at second %d", second).isLessThanOrEqualTo(rampStep);
            previous = share;
        }
        assertThat(previous).isCloseTo(1.0 / 3, within(1e-12));
    }

    @Test
    void noReadyEndpointGivesEmptyWeights() {
        WeightPlanner planner = planner();
        ServiceInput input = service()
                .with(notReady("web-1", "node-a"), healthy(10, T0))
                .build();

        NodeWeights weights = planner.plan(input, singleNode(), T0).forNode("node-a");

        assertThat(weights.isEmpty()).isTrue();
        assertThat(weights.weights()).containsExactly(0.0);
    }

    @Test
    void generationGrowsAndRestoreContinuesIt() {
        WeightPlanner planner = planner();
        planner.plan(twoEndpoints(10, 10, T0), singleNode(), T0);
        ServicePlan second = planner.plan(twoEndpoints(10, 10, T0 + 1_000), singleNode(), T0 + 1_000);

        WeightPlanner restarted = planner();
        restarted.restore(new RestoredWeights(PlannerFixtures.WEB, 41, T0 - 1_000,
                List.of(endpoint("web-1", "node-a"), endpoint("web-2", "node-a")), Set.of(),
                Map.of("node-a", new double[] {0.9, 0.1})));
        ServicePlan afterRestart = restarted.plan(twoEndpoints(10, 10, T0), singleNode(), T0);

        assertThat(second.generation()).isEqualTo(2);
        assertThat(afterRestart.generation()).isEqualTo(42);
        assertThat(afterRestart.decisions()).extracting(EndpointDecision::state).containsOnly(EndpointState.ACTIVE);
        assertThat(afterRestart.forNode("node-a").weights()).containsExactly(new double[] {0.8, 0.2}, within(1e-12));
    }

    @Test
    void restoreReturnsPublishedWeightsAsPlan() {
        WeightPlanner planner = planner();
        Map<String, double[]> weightsByNode = new LinkedHashMap<>();
        weightsByNode.put("node-a", new double[] {0.7, 0.3, 0.0});
        weightsByNode.put("node-b", new double[] {0.4, 0.6, 0.0});

        ServicePlan restored = planner.restore(new RestoredWeights(PlannerFixtures.WEB, 41, T0 - 1_000,
                List.of(endpoint("web-1", "node-a"), endpoint("web-2", "node-b"), notReady("web-3", "node-b")),
                Set.of("web-2"), weightsByNode));

        assertThat(restored.generation()).isEqualTo(41);
        assertThat(restored.plannedAtMs()).isEqualTo(T0 - 1_000);
        assertThat(restored.clientNodes()).containsExactly("node-a", "node-b");
        assertThat(restored.forNode("node-a").weights()).containsExactly(0.7, 0.3, 0.0);
        assertThat(restored.forNode("node-b").weightsByPod()).containsEntry("web-2", 0.6);
        assertThat(restored.decisions()).extracting(EndpointDecision::state)
                .containsExactly(EndpointState.RESTORED, EndpointState.RAMPING, EndpointState.RESTORED);
        assertThat(restored.forNode("node-a").isEmpty()).isFalse();
        assertThat(restored.forNode("node-a").measuredRttMs(1)).isNaN();
        assertThat(planner.plan(twoEndpoints(10, 10, T0), singleNode(), T0).generation()).isEqualTo(42);
    }

    @Test
    void forgetDropsServiceState() {
        WeightPlanner planner = planner();
        planner.plan(twoEndpoints(10, 10, T0), singleNode(), T0);

        planner.forget(PlannerFixtures.WEB);

        assertThat(planner.serviceCount()).isZero();
        assertThat(planner.plan(twoEndpoints(10, 10, T0), singleNode(), T0).generation()).isEqualTo(1);
    }

    @Test
    void unknownClientNodeIsRejected() {
        ServicePlan plan = planner().plan(twoEndpoints(10, 10, T0), singleNode(), T0);

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> plan.forNode("node-z"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("node-z")
                .hasMessageContaining("[node-a]");
    }

    static ServiceInput twoEndpoints(double firstMs, double secondMs, long observedAtMs) {
        return service()
                .with(endpoint("web-1", "node-a"), healthy(firstMs, observedAtMs))
                .with(endpoint("web-2", "node-a"), healthy(secondMs, observedAtMs))
                .build();
    }

    static ServiceInput withSecond(ReplicaObservation second, long observedAtMs) {
        return service()
                .with(endpoint("web-1", "node-a"), healthy(10, observedAtMs))
                .with(endpoint("web-2", "node-a"), second)
                .build();
    }

    static ReplicaObservation failingAt(long observedAtMs) {
        return failing(1, 0.9, observedAtMs);
    }
}
