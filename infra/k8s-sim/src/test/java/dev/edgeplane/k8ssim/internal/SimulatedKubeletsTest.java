package dev.edgeplane.k8ssim.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class SimulatedKubeletsTest {

  private static final Duration GRACE = Duration.ofSeconds(40);
  private static final Instant NOW = Instant.parse("2026-01-01T00:01:00Z");

  @Test
  void missingLeaseBeforeSyncIsFresh() {
    Instant firstSeen = NOW.minus(Duration.ofMinutes(10));

    assertThat(SimulatedKubelets.isLeaseFresh(null, false, firstSeen, NOW, GRACE)).isTrue();
  }

  @Test
  void missingLeaseOfNewNodeIsFresh() {
    assertThat(SimulatedKubelets.isLeaseFresh(null, true, NOW.minusSeconds(1), NOW, GRACE)).isTrue();
  }

  @Test
  void missingLeaseAfterGraceIsStale() {
    assertThat(SimulatedKubelets.isLeaseFresh(null, true, NOW.minusSeconds(41), NOW, GRACE)).isFalse();
  }

  @Test
  void leaseAgeDecidesWhenPresent() {
    assertThat(SimulatedKubelets.isLeaseFresh(renewedAt(NOW.minusSeconds(10)), true, NOW, NOW, GRACE)).isTrue();
    assertThat(SimulatedKubelets.isLeaseFresh(renewedAt(NOW.minusSeconds(41)), true, NOW, NOW, GRACE)).isFalse();
    assertThat(SimulatedKubelets.isLeaseFresh(renewedAt(NOW.minusSeconds(41)), false, NOW, NOW, GRACE)).isFalse();
  }

  private static Lease renewedAt(Instant time) {
    return new LeaseBuilder().withNewMetadata().withName("edge-1").endMetadata()
        .withNewSpec().withRenewTime(time.atZone(ZoneOffset.UTC)).endSpec().build();
  }
}
