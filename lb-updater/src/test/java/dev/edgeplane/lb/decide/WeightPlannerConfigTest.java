package dev.edgeplane.lb.decide;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

class WeightPlannerConfigTest {

    @Test
    void defaultsResolve() {
        WeightPlannerConfig config = WeightPlannerConfig.defaults();

        assertThat(config.weightFloor()).isEqualTo(0.002);
        assertThat(config.maxChangePerUpdate()).isEqualTo(0.1);
        assertThat(config.ejectionBackoffInitialMs()).isEqualTo(10_000);
        assertThat(config.rampDurationMs()).isEqualTo(30_000);
    }

    @Test
    void stringValuesParse() {
        WeightPlannerConfig config = WeightPlannerConfig.from(Map.of(
                WeightPlannerConfig.WEIGHT_FLOOR, "0.02",
                WeightPlannerConfig.EJECTION_BACKOFF_MAX_MS, "60000",
                "lb.http.port", "8080"));

        assertThat(config.weightFloor()).isEqualTo(0.02);
        assertThat(config.ejectionBackoffMaxMs()).isEqualTo(60_000);
    }

    @Test
    void valueOutOfRangeNamesKey() {
        assertThatThrownBy(() -> WeightPlannerConfig.from(Map.of(WeightPlannerConfig.WEIGHT_FLOOR, 0.7)))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("lb.weight.floor")
                .hasMessageContaining("0.7");
    }

    @Test
    void recoveryRateMustBeBelowEjectionRate() {
        Map<String, Object> settings = Map.of(
                WeightPlannerConfig.EJECTION_ERROR_RATE, 0.2,
                WeightPlannerConfig.EJECTION_RECOVERY_ERROR_RATE, 0.3);

        assertThatThrownBy(() -> WeightPlannerConfig.from(settings))
                .isInstanceOf(ConfigException.class)
                .hasMessage("lb.ejection.recovery.error.rate (0.3) must be below lb.ejection.error.rate (0.2), "
                        + "or an endpoint could count as recovered at an error rate that ejects it");
    }

    @Test
    void initialBackoffMustNotExceedMaximum() {
        Map<String, Object> settings = Map.of(
                WeightPlannerConfig.EJECTION_BACKOFF_INITIAL_MS, 60_000L,
                WeightPlannerConfig.EJECTION_BACKOFF_MAX_MS, 30_000L);

        assertThatThrownBy(() -> WeightPlannerConfig.from(settings))
                .isInstanceOf(ConfigException.class)
                .hasMessage("lb.ejection.backoff.initial.ms (60000) must not exceed lb.ejection.backoff.max.ms (30000)");
    }

    @Test
    void millisecondKeysEndInMs() {
        for (String key : WeightPlannerConfig.configDef().names()) {
            assertThat(key).startsWith("lb.");
            if (WeightPlannerConfig.configDef().configKeys().get(key).documentation.contains("milliseconds")) {
                assertThat(key).as("key documented in milliseconds").endsWith(".ms");
            }
        }
    }
}
