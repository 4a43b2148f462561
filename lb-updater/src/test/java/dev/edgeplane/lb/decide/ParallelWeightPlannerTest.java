package dev.edgeplane.lb.decide;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/** Planning on several threads: same plans as one planner, in input order, with state kept per service. */
class ParallelWeightPlannerTest {

    private static final long T0 = 1_700_000_000_000L;
    private static final List<String> NODES = List.of("node-a", "node-b", "node-c");

    @Test
    void threeThreadsPlanLikeOnePlanner() {
        WeightPlanner single = new WeightPlanner(WeightPlannerConfig.defaults());
        SplittableRandom random = new SplittableRandom(11);

        try (ParallelWeightPlanner parallel = new ParallelWeightPlanner(WeightPlannerConfig.defaults(), 3, "test")) {
            for (int cycle = 0; cycle < 5; cycle++) {
                long nowMs = T0 + cycle * 1_000L;
                List<ServiceInput> inputs = inputs(40, nowMs, random);
                LinkLatencyTable links = links(nowMs);

                List<ServicePlan> plans = parallel.planAll(inputs, links, nowMs);

                assertThat(plans).hasSameSizeAs(inputs);
                for (int s = 0; s < inputs.size(); s++) {
                    ServicePlan expected = single.plan(inputs.get(s), links, nowMs);
                    ServicePlan actual = plans.get(s);
                    assertThat(actual.service()).isEqualTo(inputs.get(s).service());
                    assertThat(actual.generation()).isEqualTo(expected.generation());
                    for (String node : NODES) {
                        assertThat(actual.forNode(node).weights()).as("%s from %s", actual.service(), node)
                                .containsExactly(expected.forNode(node).weights());
                    }
                }
            }
            assertThat(parallel.serviceCount()).isEqualTo(40);
        }
    }

    @Test
    void restoreAndForgetReachOwningPlanner() {
        try (ParallelWeightPlanner parallel = new ParallelWeightPlanner(WeightPlannerConfig.defaults(), 4, "test")) {
            List<ServiceInput> inputs = inputs(12, T0, new SplittableRandom(3));
            ServiceKey restored = inputs.get(5).service();
            List<Endpoint> endpoints = inputs.get(5).endpoints().stream().map(EndpointInput::endpoint).toList();
            double[] shares = new double[endpoints.size()];
            shares[0] = 0.5;
            shares[1] = 0.5;
            ServicePlan restoredPlan = parallel.restore(new RestoredWeights(restored, 41, T0 - 1_000, endpoints,
                    Set.of(), Map.of("node-a", shares)));

            List<ServicePlan> plans = parallel.planAll(inputs, links(T0), T0);

            assertThat(restoredPlan.generation()).isEqualTo(41);
            assertThat(plans.get(5).generation()).isEqualTo(42);
            assertThat(plans.get(4).generation()).isEqualTo(1);
            parallel.forget(restored);
            assertThat(parallel.serviceCount()).isEqualTo(11);
        }
    }

    @Test
    void failureOnPoolThreadReachesCaller() {
        try (ParallelWeightPlanner parallel = new ParallelWeightPlanner(WeightPlannerConfig.defaults(), 2, "test")) {
            List<ServiceInput> inputs = inputs(20, T0, new SplittableRandom(5));

            assertThatThrownBy(() -> parallel.planAll(inputs, null, T0)).isInstanceOf(NullPointerException.class);

            List<ServicePlan> plans = parallel.planAll(inputs, links(T0), T0);
            assertThat(plans).hasSize(20).doesNotContainNull();
        }
    }

    @Test
    void oneThreadStartsNoPool() {
        try (ParallelWeightPlanner parallel = new ParallelWeightPlanner(WeightPlannerConfig.defaults(), 1, "test")) {
            List<ServicePlan> plans = parallel.planAll(inputs(3, T0, new SplittableRandom(1)), links(T0), T0);

            assertThat(parallel.threads()).isEqualTo(1);
            assertThat(plans).extracting(ServicePlan::generation).containsOnly(1L);
        }
    }

    @Test
    void threadCountBelowOneIsRejected() {
        assertThatThrownBy(() -> new ParallelWeightPlanner(WeightPlannerConfig.defaults(), 0, "test"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Invalid planning thread count 0: it must be at least 1");
    }

    private static List<ServiceInput> inputs(int services, long nowMs, SplittableRandom random) {
        List<ServiceInput> inputs = new ArrayList<>();
        for (int s = 0; s < services; s++) {
            List<EndpointInput> endpoints = new ArrayList<>();
            for (int e = 0; e < 4; e++) {
                Endpoint endpoint = new Endpoint("pod-" + s + "-" + e, NODES.get((s + e) % NODES.size()),
                        "10.3." + s + "." + (e + 1), 8080, true);
                double p50 = 5 + random.nextDouble() * 30;
                double errorRate = random.nextInt(10) == 0 ? 0.7 : 0.0;
                endpoints.add(new EndpointInput(endpoint,
                        new ReplicaObservation(p50, p50 * 2, errorRate, random.nextDouble() * 3, 100, 1_000, nowMs)));
            }
            inputs.add(new ServiceInput(new ServiceKey("city", "service-" + s), endpoints));
        }
        return inputs;
    }

    private static LinkLatencyTable links(long nowMs) {
        LinkLatencyTable.Builder table = LinkLatencyTable.builder().clientNodes(NODES);
        for (int from = 0; from < NODES.size(); from++) {
            for (int to = 0; to < NODES.size(); to++) {
                if (from != to) {
                    table.rtt(NODES.get(from), NODES.get(to), 2.0 + from * 3 + to, 0.5, nowMs);
                }
            }
        }
        return table.build();
    }
}
