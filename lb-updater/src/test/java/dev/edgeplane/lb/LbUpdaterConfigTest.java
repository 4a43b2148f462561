package dev.edgeplane.lb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;

import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

class LbUpdaterConfigTest {

    @Test
    void planningThreadsDefaultToProcessors() {
        LbUpdaterConfig config = LbUpdaterConfig.from(required());

        assertThat(config.planningThreads()).isEqualTo(Runtime.getRuntime().availableProcessors());
    }

    @Test
    void planningThreadsTakeSetCount() {
        Map<String, Object> settings = required();
        settings.put(LbUpdaterConfig.PLANNING_THREADS, "3");

        assertThat(LbUpdaterConfig.from(settings).planningThreads()).isEqualTo(3);
    }

    @Test
    void negativePlanningThreadsAreRejected() {
        Map<String, Object> settings = required();
        settings.put(LbUpdaterConfig.PLANNING_THREADS, "-1");

        assertThatThrownBy(() -> LbUpdaterConfig.from(settings))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("lb.planning.threads");
    }

    private static Map<String, Object> required() {
        Map<String, Object> settings = new HashMap<>();
        settings.put(LbUpdaterConfig.BOOTSTRAP_SERVERS, "127.0.0.1:9092");
        settings.put(LbUpdaterConfig.SCHEMA_REGISTRY_URL, "mock://lb");
        return settings;
    }
}
