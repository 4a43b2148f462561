package dev.edgeplane.anomaly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

class AnomalyConfigTest {

    @Test
    void paneDefaultsToQuarterWindow() {
        AnomalyConfig config = new AnomalyConfig(Map.of(AnomalyConfig.WINDOW_SIZE_MS_CONFIG, 2_000L));

        assertThat(config.windowPane().toMillis()).isEqualTo(500);
    }

    @Test
    void paneEqualToWindowIsTumbling() {
        AnomalyConfig config = new AnomalyConfig(Map.of(AnomalyConfig.WINDOW_SIZE_MS_CONFIG, 2_000L,
                AnomalyConfig.WINDOW_PANE_MS_CONFIG, 2_000L));

        assertThat(config.windowPane()).isEqualTo(config.windowSize());
    }

    @Test
    void paneNotDividingWindowRejected() {
        assertThatThrownBy(() -> new AnomalyConfig(Map.of(AnomalyConfig.WINDOW_SIZE_MS_CONFIG, 2_000L,
                AnomalyConfig.WINDOW_PANE_MS_CONFIG, 300L)))
                .isInstanceOf(ConfigException.class)
                .hasMessage("Invalid window.pane.ms=300: it must divide window.size.ms=2000. Set it to a divisor of"
                        + " 2000, such as 250.");
    }

    @Test
    void paneLongerThanWindowRejected() {
        assertThatThrownBy(() -> new AnomalyConfig(Map.of(AnomalyConfig.WINDOW_SIZE_MS_CONFIG, 2_000L,
                AnomalyConfig.WINDOW_PANE_MS_CONFIG, 4_000L)))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("Invalid window.pane.ms=4000: it must divide window.size.ms=2000")
                .hasMessageEndingWith("such as 2000.");
    }

    @Test
    void windowWithoutQuarterNeedsPane() {
        assertThatThrownBy(() -> new AnomalyConfig(Map.of(AnomalyConfig.WINDOW_SIZE_MS_CONFIG, 1_001L)))
                .isInstanceOf(ConfigException.class)
                .hasMessage("Missing window.pane.ms: window.size.ms=1001 has no whole quarter to use as the default."
                        + " Set window.pane.ms to a divisor of 1001, such as 1001 for tumbling windows.");
    }

    @Test
    void heartbeatDefaultsToWindow() {
        AnomalyConfig config = new AnomalyConfig(Map.of(AnomalyConfig.WINDOW_SIZE_MS_CONFIG, 2_000L));

        assertThat(config.healthHeartbeat().toMillis()).isEqualTo(2_000);
    }

    @Test
    void heartbeatZeroAccepted() {
        AnomalyConfig config = new AnomalyConfig(Map.of(AnomalyConfig.HEARTBEAT_MS_CONFIG, 0L));

        assertThat(config.healthHeartbeat().toMillis()).isZero();
    }

    @Test
    void negativeHeartbeatRejected() {
        assertThatThrownBy(() -> new AnomalyConfig(Map.of(AnomalyConfig.HEARTBEAT_MS_CONFIG, -1L)))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("health.heartbeat.ms")
                .hasMessageContaining("Value must be at least 0, or unset");
    }

    @Test
    void tinyPaneRejected() {
        assertThatThrownBy(() -> new AnomalyConfig(Map.of(AnomalyConfig.WINDOW_PANE_MS_CONFIG, 10L)))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("window.pane.ms")
                .hasMessageContaining("Value must be at least 25");
    }
}
