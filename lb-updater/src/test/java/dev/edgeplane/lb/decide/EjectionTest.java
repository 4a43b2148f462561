package dev.edgeplane.lb.decide;

import static dev.edgeplane.lb.decide.PlannerFixtures.endpoint;
import static dev.edgeplane.lb.decide.PlannerFixtures.failing;
import static dev.edgeplane.lb.decide.PlannerFixtures.healthy;
import static dev.edgeplane.lb.decide.PlannerFixtures.planner;
import static dev.edgeplane.lb.decide.PlannerFixtures.service;
import static dev.edgeplane.lb.decide.PlannerFixtures.singleNode;
import static dev.edgeplane.lb.decide.WeightPlannerTest.failingAt;
import static dev.edgeplane.lb.decide.WeightPlannerTest.withSecond;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** Ejection of endpoints with high error rates, its back-off, readmission and panic. */
class EjectionTest {

    private static final long T0 = 1_700_000_000_000L;

    private final WeightPlanner planner = planner();

    @Test
    void fastFailingEndpointIsEjected() {
        ServicePlan plan = planner.plan(withSecond(failing(1, 0.6, T0), T0), singleNode(), T0);

        EndpointDecision decision = plan.decisions().get(1);
        assertThat(decision.state()).isEqualTo(EndpointState.EJECTED);
        assertThat(decision.ejectedUntilMs()).isEqualTo(T0 + 10_000);
        assertThat(plan.forNode("node-a").weights()).containsExactly(1.0, 0.0);
    }

    @Test
    void fewSamplesDoNotEject() {
        ReplicaObservation twoRequests = new ReplicaObservation(1, 1, 1.0, 0, 2, 1_000, T0);

        ServicePlan plan = planner.plan(withSecond(twoRequests, T0), singleNode(), T0);

        assertThat(plan.decisions().get(1).state()).isEqualTo(EndpointState.ACTIVE);
        assertThat(plan.decisions().get(1).errorRate()).isZero();
    }

    @Test
    void errorRateBelowEjectionRaisesCost() {
        ServicePlan plan = planner.plan(withSecond(failing(10, 0.3, T0), T0), singleNode(), T0);

        // An error rate of 0.3 with penalty 10 multiplies the cost by 4, so the raw weight by 1/16.
        assertThat(plan.forNode("node-a").weightOf("web-2")).isCloseTo(1.0 / 17, within(1e-12));
        assertThat(plan.decisions().get(1).state()).isEqualTo(EndpointState.ACTIVE);
    }

    @Test
    void backoffGrowsWhileEndpointKeepsFailing() {
        planner.plan(withSecond(failingAt(T0), T0), singleNode(), T0);

        planner.plan(withSecond(failingAt(T0), T0 + 10_000), singleNode(), T0 + 10_000);
        ServicePlan second = planner.plan(withSecond(failingAt(T0 + 11_000), T0 + 11_000), singleNode(), T0 + 11_000);
        planner.plan(withSecond(failingAt(T0 + 11_000), T0 + 31_000), singleNode(), T0 + 31_000);
        ServicePlan third = planner.plan(withSecond(failingAt(T0 + 32_000), T0 + 32_000), singleNode(), T0 + 32_000);

        assertThat(second.decisions().get(1).backoffMs()).isEqualTo(20_000);
        assertThat(second.decisions().get(1).ejectedUntilMs()).isEqualTo(T0 + 31_000);
        assertThat(third.decisions().get(1).backoffMs()).isEqualTo(40_000);
    }

    @Test
    void backoffIsCappedAtMaximum() {
        WeightPlanner capped = planner(WeightPlannerConfig.EJECTION_BACKOFF_MAX_MS, 15_000L);
        capped.plan(withSecond(failingAt(T0), T0), singleNode(), T0);
        capped.plan(withSecond(failingAt(T0), T0 + 10_000), singleNode(), T0 + 10_000);

        ServicePlan second = capped.plan(withSecond(failingAt(T0 + 11_000), T0 + 11_000), singleNode(), T0 + 11_000);

        assertThat(second.decisions().get(1).backoffMs()).isEqualTo(15_000);
    }

    @Test
    void backoffShrinksOnlyAfterObservedSuccess() {
        planner.plan(withSecond(failingAt(T0), T0), singleNode(), T0);
        planner.plan(withSecond(failingAt(T0), T0 + 10_000), singleNode(), T0 + 10_000);
        planner.plan(withSecond(failingAt(T0 + 11_000), T0 + 11_000), singleNode(), T0 + 11_000);

        ServicePlan readmitted = planner.plan(withSecond(failingAt(T0 + 11_000), T0 + 31_000), singleNode(),
                T0 + 31_000);
        ReplicaObservation noRequests = new ReplicaObservation(0, 0, 0.0, 0, 0, 1_000, T0 + 32_000);
        ServicePlan idle = planner.plan(withSecond(noRequests, T0 + 32_000), singleNode(), T0 + 32_000);
        ServicePlan success = planner.plan(withSecond(healthy(10, T0 + 33_000), T0 + 33_000), singleNode(),
                T0 + 33_000);
        ServicePlan again = planner.plan(withSecond(healthy(10, T0 + 34_000), T0 + 34_000), singleNode(),
                T0 + 34_000);

        assertThat(readmitted.decisions().get(1).state()).isEqualTo(EndpointState.RAMPING);
        assertThat(readmitted.decisions().get(1).backoffMs()).isEqualTo(20_000);
        assertThat(idle.decisions().get(1).backoffMs()).isEqualTo(20_000);
        assertThat(success.decisions().get(1).backoffMs()).isEqualTo(10_000);
        assertThat(again.decisions().get(1).backoffMs()).isZero();
    }

    @Test
    void probationPoolsSmallWindowsBeforeJudging() {
        planner.plan(withSecond(failingAt(T0), T0), singleNode(), T0);
        // Readmitted by the plan at T0 + 10.25 s. Each later 250 ms window contains 8 failing
        // requests, below the 20 a judgement needs, so only the third one is judged.
        planner.plan(withSecond(smallFailingWindow(T0 + 10_250), T0 + 10_250), singleNode(), T0 + 10_250);
        ServicePlan first = planner.plan(withSecond(smallFailingWindow(T0 + 10_500), T0 + 10_500), singleNode(),
                T0 + 10_500);
        ServicePlan second = planner.plan(withSecond(smallFailingWindow(T0 + 10_750), T0 + 10_750), singleNode(),
                T0 + 10_750);
        ServicePlan third = planner.plan(withSecond(smallFailingWindow(T0 + 11_000), T0 + 11_000), singleNode(),
                T0 + 11_000);

        assertThat(first.decisions().get(1).state()).isEqualTo(EndpointState.RAMPING);
        assertThat(second.decisions().get(1).state()).isEqualTo(EndpointState.RAMPING);
        assertThat(third.decisions().get(1).state()).as("ejected once 24 requests are pooled")
                .isEqualTo(EndpointState.EJECTED);
        assertThat(third.decisions().get(1).backoffMs()).isEqualTo(20_000);
    }

    @Test
    void smallWindowsPoolUntilJudged() {
        ServicePlan first = planner.plan(withSecond(smallFailingWindow(T0), T0), singleNode(), T0);
        ServicePlan second = planner.plan(withSecond(smallFailingWindow(T0 + 250), T0 + 250), singleNode(), T0 + 250);
        ServicePlan third = planner.plan(withSecond(smallFailingWindow(T0 + 500), T0 + 500), singleNode(), T0 + 500);

        assertThat(first.decisions().get(1).state()).isEqualTo(EndpointState.ACTIVE);
        assertThat(first.decisions().get(1).errorRate()).isZero();
        assertThat(second.decisions().get(1).state()).isEqualTo(EndpointState.ACTIVE);
        assertThat(third.decisions().get(1).state()).as("ejected once 24 requests are pooled")
                .isEqualTo(EndpointState.EJECTED);
        assertThat(third.decisions().get(1).errorRate()).isEqualTo(1.0);
    }

    @Test
    void unansweredRequestsPoolAndEject() {
        planner.plan(withSecond(healthy(10, T0), T0), singleNode(), T0);
        // A stopped replica: every request is refused, so the windows have failures but no response time.
        ServicePlan first = planner.plan(withSecond(connectionRefusedWindow(T0 + 250), T0 + 250), singleNode(), T0 + 250);
        planner.plan(withSecond(connectionRefusedWindow(T0 + 500), T0 + 500), singleNode(), T0 + 500);
        ServicePlan third = planner.plan(withSecond(connectionRefusedWindow(T0 + 750), T0 + 750), singleNode(), T0 + 750);

        assertThat(first.decisions().get(1).state()).isEqualTo(EndpointState.ACTIVE);
        assertThat(first.decisions().get(1).latencyMs()).as("no response time, so the estimate stays").isEqualTo(10.0);
        assertThat(third.decisions().get(1).state()).as("ejected once 24 requests are pooled")
                .isEqualTo(EndpointState.EJECTED);
        assertThat(third.forNode("node-a").weightOf("web-2")).isZero();
    }

    /** Returns a 250 ms window of 8 requests that all failed without a response. */
    private static ReplicaObservation connectionRefusedWindow(long observedAtMs) {
        return new ReplicaObservation(0, 0, 1.0, 0, 8, 250, observedAtMs, false);
    }

    @Test
    void poolStartsOverAfterSilence() {
        planner.plan(withSecond(smallFailingWindow(T0), T0), singleNode(), T0);
        planner.plan(withSecond(smallFailingWindow(T0 + 250), T0 + 250), singleNode(), T0 + 250);
        // More than lb.observation.max.age.ms (30 s by default) without an observation.
        ServicePlan afterSilence = planner.plan(withSecond(smallFailingWindow(T0 + 40_000), T0 + 40_000), singleNode(),
                T0 + 40_000);

        assertThat(afterSilence.decisions().get(1).state()).isEqualTo(EndpointState.ACTIVE);
    }

    /** Returns a 250 ms window of 8 completed requests that all failed within 1 ms. */
    private static ReplicaObservation smallFailingWindow(long observedAtMs) {
        return new ReplicaObservation(1, 1, 1.0, 0, 8, 250, observedAtMs);
    }

    @Test
    void observationFromBeforeReadmissionDoesNotEjectAgain() {
        planner.plan(withSecond(failingAt(T0), T0), singleNode(), T0);

        // The window ended during the ejection, so its errors predate the readmission at T0 + 10 s.
        ServicePlan plan = planner.plan(withSecond(failingAt(T0 + 5_000), T0 + 10_000), singleNode(), T0 + 10_000);

        assertThat(plan.decisions().get(1).state()).isEqualTo(EndpointState.RAMPING);
        assertThat(plan.forNode("node-a").weightOf("web-2")).isCloseTo(0.01, within(1e-12));
    }

    @Test
    void readmittedEndpointRampsFromFloor() {
        planner.plan(withSecond(healthy(10, T0), T0), singleNode(), T0);
        planner.plan(withSecond(failingAt(T0 + 1_000), T0 + 1_000), singleNode(), T0 + 1_000);

        double readmitted = planner.plan(withSecond(healthy(10, T0 + 11_000), T0 + 11_000), singleNode(),
                T0 + 11_000).forNode("node-a").weightOf("web-2");
        double halfway = 0.0;
        for (long second = 12; second <= 26; second++) {
            long now = T0 + second * 1_000;
            halfway = planner.plan(withSecond(healthy(10, now), now), singleNode(), now)
                    .forNode("node-a").weightOf("web-2");
        }

        assertThat(readmitted).isCloseTo(0.01, within(1e-12));
        // 15 s into a 30 s ramp the cap is halfway from the floor to the equal share.
        assertThat(halfway).isCloseTo(0.01 + (0.5 - 0.01) * 0.5, within(1e-12));
    }

    @Test
    void ejectionLimitEjectsWorstFirst() {
        ServiceInput input = service()
                .with(endpoint("web-1", "node-a"), healthy(10, T0))
                .with(endpoint("web-2", "node-a"), failing(1, 0.6, T0))
                .with(endpoint("web-3", "node-a"), failing(1, 0.9, T0))
                .with(endpoint("web-4", "node-a"), failing(1, 0.7, T0))
                .build();

        ServicePlan plan = planner.plan(input, singleNode(), T0);

        assertThat(plan.decisions()).extracting(EndpointDecision::state).containsExactly(
                EndpointState.ACTIVE, EndpointState.ACTIVE, EndpointState.EJECTED, EndpointState.EJECTED);
        assertThat(plan.decisions().get(1).errorRate()).isEqualTo(0.6);
    }

    @Test
    void panicSpreadsTrafficWhenAllAreEjected() {
        WeightPlanner permissive = planner(WeightPlannerConfig.EJECTION_MAX_FRACTION, 1.0);
        ServiceInput input = service()
                .with(endpoint("web-1", "node-a"), failing(10, 0.9, T0))
                .with(endpoint("web-2", "node-a"), failing(10, 0.9, T0))
                .build();

        ServicePlan plan = permissive.plan(input, singleNode(), T0);

        assertThat(plan.panic()).isTrue();
        assertThat(plan.decisions()).extracting(EndpointDecision::state).containsOnly(EndpointState.EJECTED);
        assertThat(plan.forNode("node-a").weights()).containsExactly(new double[] {0.5, 0.5}, within(1e-12));
    }

    @Test
    void singleEndpointIsNeverEjectedByDefault() {
        ServiceInput input = service().with(endpoint("web-1", "node-a"), failing(10, 1.0, T0)).build();

        ServicePlan plan = planner.plan(input, singleNode(), T0);

        assertThat(plan.decisions().get(0).state()).isEqualTo(EndpointState.ACTIVE);
        assertThat(plan.forNode("node-a").weights()).containsExactly(1.0);
    }
}
