package dev.edgeplane.lb.decide;

import static dev.edgeplane.lb.decide.PlannerFixtures.endpoint;
import static dev.edgeplane.lb.decide.PlannerFixtures.healthy;
import static dev.edgeplane.lb.decide.PlannerFixtures.planner;
import static dev.edgeplane.lb.decide.PlannerFixtures.service;
import static dev.edgeplane.lb.decide.PlannerFixtures.singleNode;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Ejection of latency outliers: first ejection, probation after readmission, recovery. */
class LatencyEjectionTest {

    private static final long T0 = 1_700_000_000_000L;

    private final WeightPlanner planner = planner();

    @Test
    void outlierIsEjected() {
        ServicePlan plan = planner.plan(withThird(healthy(500, T0), T0), singleNode(), T0);

        EndpointDecision decision = plan.decisions().get(2);
        assertThat(decision.state()).isEqualTo(EndpointState.EJECTED);
        assertThat(decision.ejectedUntilMs()).isEqualTo(T0 + 10_000);
        assertThat(plan.forNode("node-a").weightOf("web-3")).isZero();
    }

    @Test
    void slowBelowFactorStaysAtLowWeight() {
        ServicePlan plan = planner.plan(withThird(healthy(90, T0), T0), singleNode(), T0);

        assertThat(plan.decisions().get(2).state()).isEqualTo(EndpointState.ACTIVE);
        assertThat(plan.forNode("node-a").weightOf("web-3")).isPositive();
    }

    @Test
    void fewSamplesDoNotEjectFirstTime() {
        ReplicaObservation fiveRequests = new ReplicaObservation(500, 500, 0.0, 0.0, 5, 1_000, T0);

        ServicePlan plan = planner.plan(withThird(fiveRequests, T0), singleNode(), T0);

        assertThat(plan.decisions().get(2).state()).isEqualTo(EndpointState.ACTIVE);
    }

    @Test
    void stalledRequestsEjectOnLittlesLaw() {
        // 40 requests in flight on average, 30 completed fast: 40 x 1000 / 30 = 1333 ms per request.
        ReplicaObservation stalled = new ReplicaObservation(10, 12, 0.0, 40.0, 30, 1_000, T0);

        ServicePlan plan = planner.plan(withThird(stalled, T0), singleNode(), T0);

        assertThat(plan.decisions().get(2).state()).isEqualTo(EndpointState.EJECTED);
    }

    @Test
    void stallEjectsBeforeRequestsComplete() {
        // The first slow window: 3 requests completed before the stall, 70 in flight on average.
        ReplicaObservation stalled = new ReplicaObservation(20, 22, 0.0, 70.0, 3, 1_000, T0);

        ServicePlan plan = planner.plan(withThird(stalled, T0), singleNode(), T0);

        assertThat(plan.decisions().get(2).state()).isEqualTo(EndpointState.EJECTED);
        assertThat(plan.forNode("node-a").weightOf("web-3")).isZero();
    }

    @Test
    void fewRequestsInFlightDoNotEjectFirstTime() {
        // 5 completed plus 14.9 in flight stays below the 20 requests an ejection needs.
        ReplicaObservation sparse = new ReplicaObservation(20, 22, 0.0, 14.9, 5, 1_000, T0);

        ServicePlan plan = planner.plan(withThird(sparse, T0), singleNode(), T0);

        assertThat(plan.decisions().get(2).state()).isEqualTo(EndpointState.ACTIVE);
        assertThat(plan.forNode("node-a").weightOf("web-3")).isPositive();
    }

    @Test
    void stillSlowOnProbationIsEjectedAgain() {
        planner.plan(withThird(healthy(500, T0), T0), singleNode(), T0);
        planner.plan(withThird(healthy(500, T0), T0 + 10_000), singleNode(), T0 + 10_000);
        // Readmitted at its floor share, it completes nothing within the next window.
        ReplicaObservation stuck = new ReplicaObservation(0, 0, 0.0, 1.5, 0, 1_000, T0 + 11_000);

        ServicePlan again = planner.plan(withThird(stuck, T0 + 11_000), singleNode(), T0 + 11_000);

        assertThat(again.decisions().get(2).state()).isEqualTo(EndpointState.EJECTED);
        assertThat(again.decisions().get(2).backoffMs()).isEqualTo(20_000);
    }

    @Test
    void recoveredEndpointClearsBackoff() {
        planner.plan(withThird(healthy(500, T0), T0), singleNode(), T0);
        planner.plan(withThird(healthy(500, T0), T0 + 10_000), singleNode(), T0 + 10_000);

        ServicePlan recovered = planner.plan(withThird(healthy(11, T0 + 11_000), T0 + 11_000), singleNode(),
                T0 + 11_000);

        assertThat(recovered.decisions().get(2).state()).isEqualTo(EndpointState.RAMPING);
        assertThat(recovered.decisions().get(2).backoffMs()).isZero();
    }

    @Test
    void factorZeroDisablesLatencyEjection() {
        WeightPlanner off = planner(WeightPlannerConfig.EJECTION_LATENCY_FACTOR, 0.0);

        ServicePlan plan = off.plan(withThird(healthy(500, T0), T0), singleNode(), T0);

        assertThat(plan.decisions().get(2).state()).isEqualTo(EndpointState.ACTIVE);
        assertThat(plan.forNode("node-a").weightOf("web-3")).isPositive();
    }

    @Test
    void lonePeerIsItsOwnReference() {
        ServiceInput two = service()
                .with(endpoint("web-1", "node-a"), healthy(10, T0))
                .with(endpoint("web-2", "node-a"), healthy(500, T0))
                .build();

        ServicePlan plan = planner.plan(two, singleNode(), T0);

        assertThat(plan.decisions().get(0).state()).isEqualTo(EndpointState.ACTIVE);
        assertThat(plan.decisions().get(1).state()).isEqualTo(EndpointState.EJECTED);
    }

    private static ServiceInput withThird(ReplicaObservation third, long observedAtMs) {
        return service()
                .with(endpoint("web-1", "node-a"), healthy(10, observedAtMs))
                .with(endpoint("web-2", "node-a"), healthy(12, observedAtMs))
                .with(endpoint("web-3", "node-a"), third)
                .build();
    }
}
