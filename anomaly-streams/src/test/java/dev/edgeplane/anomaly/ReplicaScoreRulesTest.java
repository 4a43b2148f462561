package dev.edgeplane.anomaly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.edgeplane.event.cluster.FogServiceInventory;
import dev.edgeplane.event.cluster.FogServiceMetricTarget;
import dev.edgeplane.event.state.ReplicaScore;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ReplicaScoreRulesTest {

    static final long T0 = TopologyHarness.WALL_START.toEpochMilli();

    @ParameterizedTest(name = "p95 {0} ms, {1} req/s, {2} err/s, detection {3} ms gives {4}")
    @CsvSource({
            // healthy replica: all targets met
            "50,  100, 0,   40,  100.0, ''",
            // slow replica: p95 twice the 200 ms target halves the latency factor
            "400, 100, 0,   40,  50.0,  ''",
            // fast-failing replica: answers in 5 ms but half its requests fail
            "5,   100, 50,  40,  0.0,   ''",
            // a tenth of requests fail: error factor 1 - 0.1 / 0.2
            "50,  100, 10,  40,  50.0,  ''",
            // service metric misses its target: one of one missed halves the score
            "50,  100, 0,   120, 50.0,  detection_latency_ms"
    })
    void scoreComparesWithTargets(double p95, double requestRate, double errorRate, double detectionMs,
            double expectedScore, String missed) {
        try (TopologyHarness harness = new TopologyHarness(Map.of(AnomalyConfig.ERROR_RATIO_MAX_CONFIG, 0.2,
                AnomalyConfig.SERVICE_TARGETS_CONFIG, "city/camera:detection_latency_ms<=80"))) {
            for (int s = 1; s <= 4; s++) {
                harness.replica(Events.replica("camera-1", "edge-1", T0 + s * 2_000L, p95, requestRate, errorRate,
                        Map.of("detection_latency_ms", detectionMs)));
            }
            // Out of order within grace: still part of the window.
            harness.replica(Events.replica("camera-1", "edge-1", T0 + 11_000, p95, requestRate, errorRate,
                    Map.of("detection_latency_ms", detectionMs)));
            harness.replica(Events.replica("camera-1", "edge-1", T0 + 1_000, p95, requestRate, errorRate,
                    Map.of("detection_latency_ms", detectionMs)));
            harness.replica(Events.replica("camera-9", "edge-1", T0 + 12_500, 10, 1, 0, Map.of()));

            List<ReplicaScore> scores = harness.scores.readValuesToList();
            ReplicaScore score = scores.stream().filter(s -> s.getPod().equals("camera-1")).findFirst().orElseThrow();
            assertThat(score.getScore()).isCloseTo(expectedScore, within(1e-6));
            assertThat(score.getSampleCount()).isEqualTo(5);
            assertThat(score.getLatencyP95Ms()).isCloseTo(p95, within(1e-6));
            assertThat(score.getRequestRate()).isCloseTo(requestRate * 5 / 10.0, within(1e-6));
            assertThat(score.getErrorRatio()).isCloseTo(errorRate / requestRate, within(1e-9));
            assertThat(score.getServiceMetrics()).containsEntry("detection_latency_ms", detectionMs);
            assertThat(score.getMissedTargets()).isEqualTo(missed.isEmpty() ? List.of() : List.of(missed));
            assertThat(score.getWindowEnd().toEpochMilli()).isEqualTo(T0 + 10_000);
        }
    }

    @ParameterizedTest(name = "declared {0}, configured ''{1}'' gives {2}")
    @CsvSource({
            // the spec on the FogService topic declares the target the replica misses
            "80,  '',                                         50.0,  detection_latency_ms",
            // a met target declared by the spec keeps the full score
            "150, '',                                         100.0, ''",
            // a configured target replaces the declared one
            "150, city/camera:detection_latency_ms<=80,       50.0,  detection_latency_ms",
            "80,  city/camera:detection_latency_ms<=150,      100.0, ''"
    })
    void fogServiceTopicDeclaresTargets(double declared, String configured, double expectedScore, String missed) {
        Map<String, Object> settings = configured.isEmpty() ? Map.of()
                : Map.of(AnomalyConfig.SERVICE_TARGETS_CONFIG, configured);
        try (TopologyHarness harness = new TopologyHarness(settings)) {
            harness.fogServices.pipeInput("city/camera", FogServiceInventory.newBuilder()
                    .setNamespace("city").setName("camera").setResourceVersion("7").setObservedTime(TopologyHarness.WALL_START)
                    .setMetrics(List.of(new FogServiceMetricTarget("detection_latency_ms", "ms", true, declared)))
                    .build(), T0);
            for (int s = 1; s <= 4; s++) {
                harness.replica(Events.replica("camera-1", "edge-1", T0 + s * 2_000L, 50, 100, 0,
                        Map.of("detection_latency_ms", 120.0)));
            }
            harness.replica(Events.replica("camera-9", "edge-1", T0 + 12_500, 10, 1, 0, Map.of()));

            ReplicaScore score = harness.scores.readValuesToList().stream()
                    .filter(s -> s.getPod().equals("camera-1")).findFirst().orElseThrow();
            assertThat(score.getScore()).isCloseTo(expectedScore, within(1e-6));
            assertThat(score.getMissedTargets()).isEqualTo(missed.isEmpty() ? List.of() : List.of(missed));
        }
    }

    @Test
    void replicaWindowsHaveOwnSizeAndGrace() {
        try (TopologyHarness harness = new TopologyHarness(Map.of(AnomalyConfig.REPLICA_WINDOW_SIZE_MS_CONFIG, 1_000L,
                AnomalyConfig.REPLICA_WINDOW_GRACE_MS_CONFIG, 200L))) {
            harness.replica(Events.replica("camera-1", "edge-1", T0 + 100, 30, 100, 0, Map.of()));
            harness.replica(Events.replica("camera-1", "edge-1", T0 + 600, 50, 100, 0, Map.of()));
            harness.replica(Events.replica("camera-1", "edge-1", T0 + 1_100, 40, 100, 0, Map.of()));
            assertThat(harness.scores.readValuesToList()).as("scores before stream time passes end plus grace").isEmpty();

            harness.replica(Events.replica("camera-1", "edge-1", T0 + 1_200, 40, 100, 0, Map.of()));
            List<ReplicaScore> scores = harness.scores.readValuesToList();

            assertThat(scores).hasSize(1);
            assertThat(scores.get(0).getWindowStart().toEpochMilli()).isEqualTo(T0);
            assertThat(scores.get(0).getWindowEnd().toEpochMilli()).isEqualTo(T0 + 1_000);
            assertThat(scores.get(0).getSampleCount()).isEqualTo(2);
            assertThat(scores.get(0).getLatencyP95Ms()).isCloseTo(40.0, within(1e-9));
        }
    }

    @Test
    void replicaWindowKeysDefaultToWindowKeys() {
        Map<String, Object> settings = Map.of(AnomalyConfig.WINDOW_SIZE_MS_CONFIG, 4_000L,
                AnomalyConfig.WINDOW_GRACE_MS_CONFIG, 300L, AnomalyConfig.SILENCE_MS_CONFIG, 15_000L,
                AnomalyConfig.BETTER_HOLD_MS_CONFIG, 60_000L);

        AnomalyConfig config = new AnomalyConfig(settings);

        assertThat(config.replicaWindowSize()).isEqualTo(Duration.ofMillis(4_000));
        assertThat(config.replicaWindowGrace()).isEqualTo(Duration.ofMillis(300));
    }

    @Test
    void replicaWindowBelowMinimumRejected() {
        assertThatThrownBy(() -> new AnomalyConfig(Map.of(AnomalyConfig.REPLICA_WINDOW_SIZE_MS_CONFIG, 50L)))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(AnomalyConfig.REPLICA_WINDOW_SIZE_MS_CONFIG)
                .hasMessageContaining("50");
    }
}
