package dev.edgeplane.scheduler.schedule.internal;

import static dev.edgeplane.scheduler.schedule.SchedulingFixtures.pod;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class SchedulingQueueTest {

  private static final Duration NO_WAIT = Duration.ZERO;

  /** A clock the test moves by hand. */
  private static final class ManualClock extends Clock {
    private final AtomicLong millis = new AtomicLong(1_000_000);

    void advance(Duration duration) {
      millis.addAndGet(duration.toMillis());
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return Instant.ofEpochMilli(millis.get());
    }
  }

  private final ManualClock clock = new ManualClock();
  private final SchedulingQueue queue = new SchedulingQueue(clock, Duration.ofSeconds(1), Duration.ofSeconds(8),
      Duration.ofSeconds(60));

  private void add(Pod pod) {
    queue.add(PodInfo.of(pod), pod);
  }

  @Test
  void realtimeAndCriticalFirstThenOldest() throws InterruptedException {
    add(pod("young", "svc", "j").created("2026-12-04T10:00:05Z").build());
    add(pod("old", "svc", "j").created("2026-12-04T10:00:01Z").build());
    add(pod("critical", "svc", "j").created("2026-12-04T10:00:09Z").critical().build());
    add(pod("realtime", "svc", "j").created("2026-12-04T10:00:08Z").realtime(1_000, 10_000).build());

    assertThat(queue.poll(NO_WAIT).pod().name()).isEqualTo("realtime");
    assertThat(queue.poll(NO_WAIT).pod().name()).isEqualTo("critical");
    assertThat(queue.poll(NO_WAIT).pod().name()).isEqualTo("old");
    assertThat(queue.poll(NO_WAIT).pod().name()).isEqualTo("young");
    assertThat(queue.poll(NO_WAIT)).isNull();
  }

  @Test
  void addingTwiceKeepsOneCopy() throws InterruptedException {
    Pod pod = pod("p", "svc", "j").build();
    add(pod);
    add(pod);

    assertThat(queue.poll(NO_WAIT)).isNotNull();
    assertThat(queue.poll(NO_WAIT)).isNull();
  }

  @Test
  void unschedulableWaitsForChangeAndBackoff() throws InterruptedException {
    add(pod("p", "svc", "j").build());
    SchedulingQueue.Item item = queue.poll(NO_WAIT);
    queue.unschedulable(item);

    clock.advance(Duration.ofSeconds(5));
    assertThat(queue.poll(NO_WAIT)).as("no cluster change yet").isNull();
    queue.clusterChanged();
    SchedulingQueue.Item again = queue.poll(NO_WAIT);

    assertThat(again.pod().name()).isEqualTo("p");
    assertThat(again.attempts()).isEqualTo(1);
  }

  @Test
  void backoffDoublesPerAttempt() throws InterruptedException {
    add(pod("p", "svc", "j").build());
    SchedulingQueue.Item item = queue.poll(NO_WAIT);
    queue.unschedulable(item);
    clock.advance(Duration.ofSeconds(1));
    queue.clusterChanged();
    item = queue.poll(NO_WAIT);
    queue.unschedulable(item);

    queue.clusterChanged();
    clock.advance(Duration.ofMillis(1_999));
    assertThat(queue.poll(NO_WAIT)).as("second backoff is 2 s").isNull();
    clock.advance(Duration.ofMillis(1));
    assertThat(queue.poll(NO_WAIT).attempts()).isEqualTo(2);
  }

  @Test
  void unschedulableRetriedAfterIntervalWithoutChange() throws InterruptedException {
    add(pod("p", "svc", "j").build());
    queue.unschedulable(queue.poll(NO_WAIT));

    clock.advance(Duration.ofSeconds(59));
    assertThat(queue.poll(NO_WAIT)).isNull();
    clock.advance(Duration.ofSeconds(1));
    assertThat(queue.poll(NO_WAIT)).isNotNull();
  }

  @Test
  void failedBindingReturnsAfterBackoffAlone() throws InterruptedException {
    add(pod("p", "svc", "j").build());
    queue.backoff(queue.poll(NO_WAIT));

    assertThat(queue.poll(NO_WAIT)).isNull();
    clock.advance(Duration.ofSeconds(1));
    assertThat(queue.poll(NO_WAIT)).isNotNull();
  }

  @Test
  void removedPodNeverReturns() throws InterruptedException {
    add(pod("p", "svc", "j").build());
    queue.unschedulable(queue.poll(NO_WAIT));
    queue.remove("city/p");

    clock.advance(Duration.ofMinutes(5));
    queue.clusterChanged();

    assertThat(queue.poll(NO_WAIT)).isNull();
    assertThat(queue.size()).isZero();
  }
}
