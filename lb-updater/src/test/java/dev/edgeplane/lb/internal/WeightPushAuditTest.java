package dev.edgeplane.lb.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import dev.edgeplane.event.audit.ActionAudit;
import dev.edgeplane.event.audit.ActionKind;
import dev.edgeplane.event.audit.ActionOutcome;
import dev.edgeplane.event.lb.EndpointWeight;
import dev.edgeplane.event.lb.ServiceWeights;
import org.junit.jupiter.api.Test;

class WeightPushAuditTest {

    private static final String KEY = "city/camera@edge-1";

    @Test
    void changedSetsArePushesRepeatsNot() {
        WeightPushAudit audit = new WeightPushAudit("edgeplane-lb");

        Map<String, Double> even = Map.of("10.0.0.1:80", 0.4, "10.0.0.2:80", 0.3, "10.0.0.3:80", 0.3);
        assertThat(audit.pushOf(KEY, weights(1, even))).isPresent();
        assertThat(audit.pushOf(KEY, weights(2, even))).isEmpty();
        WeightPushAudit.Push push = audit.pushOf(KEY, weights(3, Map.of("10.0.0.1:80", 0.7, "10.0.0.2:80", 0.2,
                "10.0.0.3:80", 0.1))).orElseThrow();

        assertThat(push.decisionId()).isEqualTo("city/camera@edge-1#3");
        assertThat(push.changedEndpoints()).isEqualTo(3);
        assertThat(push.largestChange()).isEqualTo("10.0.0.1:80 0.400 -> 0.700");
    }

    @Test
    void departedEndpointIsAChange() {
        WeightPushAudit audit = new WeightPushAudit("edgeplane-lb");
        audit.pushOf(KEY, weights(1, Map.of("10.0.0.1:80", 0.5, "10.0.0.2:80", 0.5)));

        WeightPushAudit.Push push = audit.pushOf(KEY, weights(2, Map.of("10.0.0.1:80", 1.0))).orElseThrow();

        assertThat(push.changedEndpoints()).isEqualTo(2);
    }

    @Test
    void forgottenKeyPushesAgain() {
        WeightPushAudit audit = new WeightPushAudit("edgeplane-lb");
        audit.pushOf(KEY, weights(1, Map.of("10.0.0.1:80", 1.0)));
        audit.forget(KEY);

        assertThat(audit.pushOf(KEY, weights(2, Map.of("10.0.0.1:80", 1.0)))).isPresent();
    }

    @Test
    void recordsNameTheWeightSetAndTheOutcome() {
        WeightPushAudit audit = new WeightPushAudit("edgeplane-lb");
        WeightPushAudit.Push push = audit.pushOf(KEY, weights(4, Map.of("10.0.0.1:80", 1.0))).orElseThrow();
        Instant now = Instant.parse("2026-01-01T00:00:00Z");

        ActionAudit acknowledged = audit.record(push, now, null);
        ActionAudit failed = audit.record(push, now, new IllegalStateException("broker down"));

        assertThat(acknowledged.getKind()).isEqualTo(ActionKind.WEIGHT_PUSH);
        assertThat(acknowledged.getOutcome()).isEqualTo(ActionOutcome.SUCCEEDED);
        assertThat(acknowledged.getDecisionId()).isEqualTo("city/camera@edge-1#4");
        assertThat(acknowledged.getWeightsGeneration()).isEqualTo(4L);
        assertThat(acknowledged.getTarget()).isEqualTo("camera");
        assertThat(acknowledged.getDetails()).containsEntry("clientNode", "edge-1");
        assertThat(failed.getOutcome()).isEqualTo(ActionOutcome.FAILED);
        assertThat(failed.getReason()).contains("broker down");
    }

    private static ServiceWeights weights(long generation, Map<String, Double> byEndpoint) {
        List<EndpointWeight> endpoints = byEndpoint.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .map(e -> EndpointWeight.newBuilder().setEndpoint(e.getKey()).setPod("pod-" + e.getKey())
                        .setNode("edge-2").setWeight(e.getValue()).setUnclampedWeight(e.getValue())
                        .setErrorRatio(0.0).setInFlight(0.0).build())
                .toList();
        return ServiceWeights.newBuilder().setNamespace("city").setService("camera").setClientNode("edge-1")
                .setGeneration(generation).setComputedTime(Instant.EPOCH).setPolicy("LatencyAware")
                .setEndpoints(endpoints).build();
    }
}
