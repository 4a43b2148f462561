package dev.edgeplane.scheduler.executor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

class RescheduleExecutorConfigTest {

  @Test
  void defaultsAreSafe() {
    RescheduleExecutorConfig config = new RescheduleExecutorConfig(Map.of());

    assertThat(config.maxInflightPerFogService()).isEqualTo(1);
    assertThat(config.maxInflightPerLocation()).isEqualTo(2);
    assertThat(config.maxUnavailableReplicas()).isEqualTo(1);
    assertThat(config.cooldown()).isEqualTo(Duration.ofMinutes(5));
    assertThat(config.decisionsTopic()).isEqualTo("edgeplane.decisions.reschedule");
    assertThat(config.auditTopic()).isEqualTo("edgeplane.audit.actions");
    assertThat(config.namespace()).isNull();
  }

  @Test
  void cooldownAboveMaxIsRejected() {
    assertThatThrownBy(() -> new RescheduleExecutorConfig(Map.of(
        RescheduleExecutorConfig.COOLDOWN_MS, 10_000L, RescheduleExecutorConfig.COOLDOWN_MAX_MS, 5_000L)))
        .isInstanceOf(ConfigException.class)
        .hasMessage("executor.cooldown.ms is 10000 but executor.cooldown.max.ms is 5000: set executor.cooldown.ms"
            + " to at most executor.cooldown.max.ms");
  }

  @Test
  void zeroInflightLimitIsRejected() {
    assertThatThrownBy(() -> new RescheduleExecutorConfig(Map.of(
        RescheduleExecutorConfig.MAX_INFLIGHT_PER_LOCATION, 0)))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("executor.max.inflight.evictions.per.location");
  }

  @Test
  void everyDurationKeyNamesItsUnit() {
    assertThat(RescheduleExecutorConfig.configDef().configKeys().values())
        .filteredOn(key -> key.type == org.apache.kafka.common.config.ConfigDef.Type.LONG)
        .allSatisfy(key -> assertThat(key.name).endsWith(".ms"));
  }
}
