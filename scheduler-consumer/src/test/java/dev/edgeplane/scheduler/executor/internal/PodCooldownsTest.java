package dev.edgeplane.scheduler.executor.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class PodCooldownsTest {

  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private final PodCooldowns cooldowns = new PodCooldowns(Duration.ofMinutes(5), Duration.ofMinutes(60),
      Duration.ofHours(24));

  @Test
  void waitDoublesPerMoveUpToMax() {
    assertThat(cooldowns.waitFor(1, true)).isEqualTo(Duration.ofMinutes(5));
    assertThat(cooldowns.waitFor(2, true)).isEqualTo(Duration.ofMinutes(10));
    assertThat(cooldowns.waitFor(3, true)).isEqualTo(Duration.ofMinutes(20));
    assertThat(cooldowns.waitFor(5, true)).isEqualTo(Duration.ofMinutes(60));
    assertThat(cooldowns.waitFor(1_000, true)).isEqualTo(Duration.ofMinutes(60));
  }

  @Test
  void unimprovedMoveDoublesWait() {
    assertThat(cooldowns.waitFor(1, false)).isEqualTo(Duration.ofMinutes(10));
  }

  @Test
  void historyPassesToReplacement() {
    PodCooldowns.Entry first = cooldowns.recordMove("uid-1", "uid-2", true, T0);
    PodCooldowns.Entry second = cooldowns.recordMove("uid-2", "uid-3", true, T0.plus(Duration.ofMinutes(6)));

    assertThat(first.moves()).isEqualTo(1);
    assertThat(second.moves()).isEqualTo(2);
    assertThat(second.until()).isEqualTo(T0.plus(Duration.ofMinutes(16)));
    assertThat(cooldowns.cooldownUntil("uid-3", T0.plus(Duration.ofMinutes(7)))).contains(second.until());
    assertThat(cooldowns.cooldownUntil("uid-3", second.until())).isEmpty();
    assertThat(cooldowns.cooldownUntil("uid-2", T0.plus(Duration.ofMinutes(7)))).isEmpty();
  }

  @Test
  void historyResetsAfterQuietDay() {
    cooldowns.recordMove("uid-1", "uid-2", true, T0);

    assertThat(cooldowns.movesOf("uid-2", T0.plus(Duration.ofHours(23)))).isEqualTo(1);
    assertThat(cooldowns.movesOf("uid-2", T0.plus(Duration.ofHours(24)))).isZero();
  }
}
