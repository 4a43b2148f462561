package dev.edgeplane.lb.decide;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/**
 * Invariants of the planner over random services replayed through several updates: random
 * latencies, errors, in-flight requests, readiness flips, stale and missing observations and
 * partly measured links. jqwik prints the seed of every run and of a failing sample.
 */
class WeightPlannerPropertyTest {

    private static final long T0 = 1_700_000_000_000L;
    private static final List<String> NODES = List.of("node-a", "node-b", "node-c");

    @Property(tries = 200)
    void weightsSumToOneAndRespectFloor(@ForAll("histories") History history) {
        WeightPlanner planner = new WeightPlanner(WeightPlannerConfig.defaults());
        double floor = planner.config().weightFloor();

        for (Step step : history.steps) {
            ServicePlan plan = planner.plan(step.input, history.links, step.nowMs);

            int eligible = eligibleCount(plan);
            for (NodeWeights weights : plan.nodeWeights()) {
                double[] shares = weights.weights();
                if (eligible == 0) {
                    assertThat(weights.isEmpty()).isTrue();
                    assertThat(shares).containsOnly(0.0);
                    continue;
                }
                assertThat(Arrays.stream(shares).sum()).as(weights.toString()).isCloseTo(1.0, within(1e-9));
                double effectiveFloor = Math.min(floor, 1.0 / eligible);
                for (int i = 0; i < shares.length; i++) {
                    if (isEligible(plan, i)) {
                        assertThat(shares[i]).as("%s endpoint %d", weights, i)
                                .isGreaterThanOrEqualTo(effectiveFloor - 1e-12);
                    } else {
                        assertThat(shares[i]).as("%s endpoint %d", weights, i).isZero();
                    }
                }
            }
        }
    }

    /**
     * A replica that completes at most 5 requests in a window while at least 20 are in flight on
     * average is ejected by the first plan that receives its observation, whatever its peers' latencies.
     */
    @Property(tries = 200)
    void stalledReplicaIsEjectedAtOnce(@ForAll("peerLatencies") List<Double> peerLatenciesMs,
            @ForAll("stalledCompletions") int completed, @ForAll("stalledInFlight") double inFlight) {
        WeightPlanner planner = new WeightPlanner(WeightPlannerConfig.defaults());
        List<EndpointInput> endpoints = new ArrayList<>();
        for (int i = 0; i < peerLatenciesMs.size(); i++) {
            double latency = peerLatenciesMs.get(i);
            ReplicaObservation healthy = new ReplicaObservation(latency, latency * 1.5, 0.0, 1.0, 100, 1_000, T0);
            Endpoint endpoint = new Endpoint("web-" + i, NODES.get(i % NODES.size()), "10.2.0." + (i + 1), 8080, true);
            endpoints.add(new EndpointInput(endpoint, healthy));
        }
        ReplicaObservation stalled = new ReplicaObservation(20, 25, 0.0, inFlight, completed, 1_000, T0);
        endpoints.add(new EndpointInput(new Endpoint("web-stalled", "node-a", "10.2.1.1", 8080, true), stalled));
        LinkLatencyTable links = LinkLatencyTable.builder().clientNodes(NODES).build();

        ServicePlan plan = planner.plan(new ServiceInput(new ServiceKey("default", "web"), endpoints), links, T0);

        int last = endpoints.size() - 1;
        assertThat(plan.decisions().get(last).state()).isEqualTo(EndpointState.EJECTED);
        for (NodeWeights weights : plan.nodeWeights()) {
            assertThat(weights.weightOf("web-stalled")).as(weights.toString()).isZero();
        }
    }

    @Provide
    Arbitrary<List<Double>> peerLatencies() {
        return Arbitraries.doubles().between(5.0, 50.0).list().ofMinSize(2).ofMaxSize(12);
    }

    @Provide
    Arbitrary<Integer> stalledCompletions() {
        return Arbitraries.integers().between(0, 5);
    }

    @Provide
    Arbitrary<Double> stalledInFlight() {
        return Arbitraries.doubles().between(20.0, 200.0);
    }

    @Property(tries = 200)
    void changePerUpdateIsBoundedWhileEligibleSetHolds(@ForAll("histories") History history) {
        WeightPlanner planner = new WeightPlanner(WeightPlannerConfig.defaults());
        double maxChange = planner.config().maxChangePerUpdate();
        ServicePlan previous = null;

        for (Step step : history.steps) {
            ServicePlan plan = planner.plan(step.input, history.links, step.nowMs);
            if (previous != null && sameEligibleEndpoints(previous, plan)) {
                for (String node : plan.clientNodes()) {
                    double[] before = previous.forNode(node).weights();
                    double[] after = plan.forNode(node).weights();
                    for (int i = 0; i < after.length; i++) {
                        assertThat(Math.abs(after[i] - before[i])).as("node %s endpoint %d", node, i)
                                .isLessThanOrEqualTo(maxChange + 1e-9);
                    }
                }
            }
            previous = plan;
        }
    }

    @Property(tries = 200)
    void failingEndpointDropsToFloorOrZero(@ForAll("histories") History history) {
        WeightPlanner planner = new WeightPlanner(WeightPlannerConfig.from(
                Map.of(WeightPlannerConfig.EJECTION_MAX_FRACTION, 1.0)));
        double floor = planner.config().weightFloor();

        for (Step step : history.steps) {
            ServicePlan plan = planner.plan(step.input, history.links, step.nowMs);
            int eligible = eligibleCount(plan);
            // In panic, as the only eligible endpoint, or when every eligible endpoint has just
            // joined, a failing endpoint must take its part of the traffic.
            if (plan.panic() || eligible == 1 || allJustJoined(plan)) {
                continue;
            }
            for (int i = 0; i < step.input.endpoints().size(); i++) {
                EndpointInput input = step.input.endpoints().get(i);
                ReplicaObservation observation = input.observation();
                boolean failingNow = observation != null && observation.observedAtMs() == step.nowMs
                        && observation.sampleCount() >= 20 && observation.errorRate() >= 0.5;
                if (!failingNow || !input.endpoint().ready()) {
                    continue;
                }
                for (NodeWeights weights : plan.nodeWeights()) {
                    assertThat(weights.weight(i)).as("%s failing endpoint %d", weights, i)
                            .isLessThanOrEqualTo(Math.min(floor, 1.0 / eligible) + 1e-12);
                }
            }
        }
    }

    private static boolean isEligible(ServicePlan plan, int endpoint) {
        EndpointState state = plan.decisions().get(endpoint).state();
        if (plan.panic()) {
            return state != EndpointState.NOT_READY;
        }
        return state == EndpointState.ACTIVE || state == EndpointState.RAMPING;
    }

    private static boolean allJustJoined(ServicePlan plan) {
        for (int i = 0; i < plan.endpoints().size(); i++) {
            if (isEligible(plan, i) && plan.decisions().get(i).rampProgress() > 0.0) {
                return false;
            }
        }
        return true;
    }

    private static int eligibleCount(ServicePlan plan) {
        int count = 0;
        for (int i = 0; i < plan.endpoints().size(); i++) {
            count += isEligible(plan, i) ? 1 : 0;
        }
        return count;
    }

    private static boolean sameEligibleEndpoints(ServicePlan before, ServicePlan after) {
        if (!before.endpoints().equals(after.endpoints())) {
            return false;
        }
        for (int i = 0; i < after.endpoints().size(); i++) {
            if (isEligible(before, i) != isEligible(after, i)) {
                return false;
            }
        }
        return true;
    }

    /** A service replayed through several updates against one link table. */
    record History(LinkLatencyTable links, List<Step> steps) {
    }

    record Step(long nowMs, ServiceInput input) {
    }

    /** What a replica looks like in one update. */
    record ReplicaDraw(boolean ready, double p50Ms, double tailFactor, double errorRate, int inFlight,
            int samples, int ageMs, boolean missing) {
    }

    @Provide
    Arbitrary<History> histories() {
        Arbitrary<Integer> endpointCount = Arbitraries.integers().between(1, 12);
        Arbitrary<Integer> stepCount = Arbitraries.integers().between(2, 8);
        return Combinators.combine(endpointCount, stepCount, links()).flatAs((endpoints, steps, links) ->
                draws().list().ofSize(endpoints).list().ofSize(steps)
                        .map(byStep -> new History(links, toSteps(byStep))));
    }

    private static Arbitrary<ReplicaDraw> draws() {
        Arbitrary<Double> latency = Arbitraries.oneOf(
                Arbitraries.doubles().between(0.05, 50),
                Arbitraries.doubles().between(50, 3_000));
        Arbitrary<Double> errorRate = Arbitraries.frequencyOf(
                Tuple.of(6, Arbitraries.just(0.0)),
                Tuple.of(2, Arbitraries.doubles().between(0.0, 0.5)),
                Tuple.of(2, Arbitraries.doubles().between(0.5, 1.0)));
        return Combinators.combine(
                Arbitraries.frequencyOf(Tuple.of(9, Arbitraries.just(true)),
                        Tuple.of(1, Arbitraries.just(false))),
                latency,
                Arbitraries.doubles().between(1.0, 20.0),
                errorRate,
                Arbitraries.integers().between(0, 50),
                Arbitraries.integers().between(0, 500),
                Arbitraries.frequencyOf(Tuple.of(8, Arbitraries.just(0)),
                        Tuple.of(1, Arbitraries.integers().between(1, 60_000))),
                Arbitraries.frequencyOf(Tuple.of(9, Arbitraries.just(false)),
                        Tuple.of(1, Arbitraries.just(true))))
                .as(ReplicaDraw::new);
    }

    private static Arbitrary<LinkLatencyTable> links() {
        return Arbitraries.doubles().between(0.0, 200.0).injectNull(0.3).list().ofSize(NODES.size() * NODES.size())
                .map(rtts -> {
                    LinkLatencyTable.Builder builder = LinkLatencyTable.builder().clientNodes(NODES);
                    for (int from = 0; from < NODES.size(); from++) {
                        for (int to = 0; to < NODES.size(); to++) {
                            Double rtt = rtts.get(from * NODES.size() + to);
                            if (rtt != null) {
                                builder.rtt(NODES.get(from), NODES.get(to), rtt, T0);
                            }
                        }
                    }
                    return builder.build();
                });
    }

    private static List<Step> toSteps(List<List<ReplicaDraw>> byStep) {
        List<Step> steps = new ArrayList<>();
        Map<Integer, ReplicaObservation> lastSeen = new HashMap<>();
        for (int s = 0; s < byStep.size(); s++) {
            long now = T0 + 1_000L * (s + 1) * 3;
            List<EndpointInput> inputs = new ArrayList<>();
            List<ReplicaDraw> draws = byStep.get(s);
            for (int i = 0; i < draws.size(); i++) {
                ReplicaDraw draw = draws.get(i);
                ReplicaObservation observation = draw.missing
                        ? lastSeen.get(i)
                        : new ReplicaObservation(draw.p50Ms, draw.p50Ms * draw.tailFactor, draw.errorRate,
                                draw.inFlight, draw.samples, 1_000, now - draw.ageMs);
                if (observation != null) {
                    lastSeen.put(i, observation);
                }
                String node = NODES.get(i % NODES.size());
                Endpoint endpoint = new Endpoint("pod-" + i, node, "10.1.0." + (i + 1), 8080, draw.ready);
                inputs.add(new EndpointInput(endpoint, observation));
            }
            steps.add(new Step(now, new ServiceInput(PlannerFixtures.WEB, inputs)));
        }
        return steps;
    }
}
