package dev.edgeplane.demo.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import dev.edgeplane.event.audit.ActionAudit;
import dev.edgeplane.event.audit.ActionKind;
import dev.edgeplane.event.audit.ActionOutcome;
import dev.edgeplane.event.decision.RescheduleDecision;
import dev.edgeplane.event.decision.RescheduleStrategy;
import dev.edgeplane.event.lb.EndpointWeight;
import dev.edgeplane.event.lb.ServiceWeights;
import org.junit.jupiter.api.Test;

class AuditTrailCheckTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void completeWhenEveryActionHasADecisionAndEveryDecisionAnOutcome() {
        WeightSets sets = new WeightSets();
        sets.add(weights(1, 0.5));
        sets.add(weights(2, 0.5));
        sets.add(weights(3, 0.7));

        AuditTrailCheck.Result result = AuditTrailCheck.check(List.of(decision("d-1")), sets.sets(),
                List.of(audit("d-1", ActionKind.EVICTION, ActionOutcome.SUCCEEDED),
                        audit("city/camera@edge-1#1", ActionKind.WEIGHT_PUSH, ActionOutcome.SUCCEEDED),
                        audit("city/camera@edge-1#3", ActionKind.WEIGHT_PUSH, ActionOutcome.SUCCEEDED)),
                T0.plusSeconds(60));

        assertThat(result.problems()).isEmpty();
        assertThat(result.decisions()).isEqualTo(1);
        assertThat(result.weightPushes()).as("generation 2 repeated generation 1").isEqualTo(2);
        assertThat(result.complete()).isTrue();
    }

    @Test
    void findsGapsInBothDirections() {
        WeightSets sets = new WeightSets();
        sets.add(weights(1, 0.5));

        AuditTrailCheck.Result result = AuditTrailCheck.check(List.of(decision("d-1")), sets.sets(),
                List.of(audit("d-unknown", ActionKind.EVICTION, ActionOutcome.SUCCEEDED),
                        audit("city/camera@edge-1#9", ActionKind.WEIGHT_PUSH, ActionOutcome.SUCCEEDED),
                        audit("advice-1", ActionKind.EVICTION, ActionOutcome.SKIPPED)),
                T0.plusSeconds(60));

        assertThat(result.problems()).hasSize(4).anySatisfy(p -> assertThat(p).contains("d-unknown"))
                .anySatisfy(p -> assertThat(p).contains("#9"))
                .anySatisfy(p -> assertThat(p).contains("decision d-1"))
                .anySatisfy(p -> assertThat(p).contains("city/camera@edge-1#1"));
    }

    @Test
    void recentDecisionsNeedNoOutcomeYet() {
        AuditTrailCheck.Result result = AuditTrailCheck.check(List.of(decision("d-1")), List.of(), List.of(), T0);

        assertThat(result.complete()).isTrue();
        assertThat(result.decisions()).isZero();
    }

    private static RescheduleDecision decision(String id) {
        return RescheduleDecision.newBuilder().setDecisionId(id).setDecidedTime(T0.plusSeconds(1)).setNamespace("city")
                .setPod("camera-a").setPodUid("uid-1").setFogService("camera").setFromNode("edge-2")
                .setStrategy(RescheduleStrategy.DEGRADED_NODE).build();
    }

    private static ActionAudit audit(String decisionId, ActionKind kind, ActionOutcome outcome) {
        return ActionAudit.newBuilder().setDecisionId(decisionId).setActionTime(T0.plusSeconds(2)).setActor("test")
                .setKind(kind).setOutcome(outcome).setReason("test").setNamespace("city").setTarget("camera-a")
                .setDetails(Map.of()).build();
    }

    private static ServiceWeights weights(long generation, double first) {
        return ServiceWeights.newBuilder().setNamespace("city").setService("camera").setClientNode("edge-1")
                .setGeneration(generation).setComputedTime(T0.plusSeconds(generation)).setPolicy("LatencyAware")
                .setEndpoints(List.of(endpoint("10.0.0.1:80", first), endpoint("10.0.0.2:80", 1 - first))).build();
    }

    private static EndpointWeight endpoint(String address, double weight) {
        return EndpointWeight.newBuilder().setEndpoint(address).setPod("pod-" + address).setNode("edge-2")
                .setWeight(weight).setUnclampedWeight(weight).setErrorRatio(0.0).setInFlight(0.0).build();
    }
}
