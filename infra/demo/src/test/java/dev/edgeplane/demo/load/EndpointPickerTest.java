package dev.edgeplane.demo.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import dev.edgeplane.event.lb.EndpointWeight;
import dev.edgeplane.event.lb.ServiceWeights;
import org.junit.jupiter.api.Test;

class EndpointPickerTest {

    private static final int PICKS = 50_000;
    private final EndpointPicker picker = new EndpointPicker(new Random(42));

    @Test
    void weightedSharesFollowWeights() {
        ServiceWeights weights = weights(Map.of("127.0.0.1:1001", 0.6, "127.0.0.1:1002", 0.3, "127.0.0.1:1003", 0.1));

        Map<String, Integer> counts = pickMany(weights, List.of());

        assertThat(counts.get("127.0.0.1:1001") / (double) PICKS).isCloseTo(0.6, within(0.01));
        assertThat(counts.get("127.0.0.1:1002") / (double) PICKS).isCloseTo(0.3, within(0.01));
        assertThat(counts.get("127.0.0.1:1003") / (double) PICKS).isCloseTo(0.1, within(0.01));
    }

    @Test
    void zeroWeightEndpointNeverPicked() {
        ServiceWeights weights = weights(Map.of("127.0.0.1:1001", 1.0, "127.0.0.1:1002", 0.0));

        Map<String, Integer> counts = pickMany(weights, List.of());

        assertThat(counts).containsOnlyKeys("127.0.0.1:1001");
    }

    @Test
    void allZeroWeightsFallBackToUniform() {
        ServiceWeights weights = weights(Map.of("127.0.0.1:1001", 0.0, "127.0.0.1:1002", 0.0));

        EndpointPicker.Pick pick = picker.pick(weights, List.of("127.0.0.1:2001"));

        assertThat(pick).isEqualTo(new EndpointPicker.Pick("127.0.0.1:2001", EndpointPicker.Mode.UNIFORM));
    }

    @Test
    void missingWeightsSpreadUniformly() {
        List<String> ready = List.of("127.0.0.1:2001", "127.0.0.1:2002", "127.0.0.1:2003", "127.0.0.1:2004");

        Map<String, Integer> counts = pickMany(null, ready);

        for (String endpoint : ready) {
            assertThat(counts.get(endpoint) / (double) PICKS).isCloseTo(0.25, within(0.01));
        }
    }

    @Test
    void noEndpointGivesNoPick() {
        assertThat(picker.pick(null, List.of())).isNull();
    }

    private Map<String, Integer> pickMany(ServiceWeights weights, List<String> ready) {
        Map<String, Integer> counts = new HashMap<>();
        for (int i = 0; i < PICKS; i++) {
            counts.merge(picker.pick(weights, ready).endpoint(), 1, Integer::sum);
        }
        return counts;
    }

    static ServiceWeights weights(Map<String, Double> byEndpoint) {
        List<EndpointWeight> endpoints = byEndpoint.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .map(e -> EndpointWeight.newBuilder()
                        .setEndpoint(e.getKey()).setPod("pod-" + e.getKey().substring(e.getKey().indexOf(':') + 1))
                        .setNode("edge-1").setWeight(e.getValue()).setUnclampedWeight(e.getValue())
                        .setErrorRatio(0.0).setInFlight(0.0)
                        .build())
                .toList();
        return ServiceWeights.newBuilder()
                .setNamespace("city").setService("camera").setClientNode("edge-1").setGeneration(1)
                .setComputedTime(Instant.ofEpochMilli(1_000)).setPolicy("latency-aware").setEndpoints(endpoints)
                .build();
    }
}
