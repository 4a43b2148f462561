package dev.edgeplane.scheduler.reconcile.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class WorkQueueTest {

  private final WorkQueue queue = new WorkQueue(Duration.ofMillis(10), Duration.ofMillis(80));

  @AfterEach
  void shutDown() {
    queue.shutDown();
  }

  @Test
  void repeatedAddQueuedOnce() throws InterruptedException {
    queue.add("ns/a");
    queue.add("ns/a");
    queue.add("ns/b");

    assertThat(queue.size()).isEqualTo(2);
    assertThat(queue.take()).hasValue("ns/a");
    assertThat(queue.take()).hasValue("ns/b");
  }

  @Test
  void keyInProcessQueuedAgainOnDone() throws InterruptedException {
    queue.add("ns/a");
    String key = queue.take().orElseThrow();

    queue.add("ns/a");

    assertThat(queue.size()).as("a key in process is not handed to a second worker").isZero();
    queue.done(key);
    assertThat(queue.size()).isEqualTo(1);
    assertThat(queue.take()).hasValue("ns/a");
  }

  @Test
  void backoffDoublesUpToMaximum() {
    assertThat(queue.backoff(1)).isEqualTo(Duration.ofMillis(10));
    assertThat(queue.backoff(2)).isEqualTo(Duration.ofMillis(20));
    assertThat(queue.backoff(4)).isEqualTo(Duration.ofMillis(80));
    assertThat(queue.backoff(40)).isEqualTo(Duration.ofMillis(80));
  }

  @Test
  void rateLimitedKeyReturnsAfterDelay() {
    Duration first = queue.addRateLimited("ns/a");
    Duration second = queue.addRateLimited("ns/a");

    assertThat(first).isEqualTo(Duration.ofMillis(10));
    assertThat(second).isEqualTo(Duration.ofMillis(20));
    assertThat(queue.failures("ns/a")).isEqualTo(2);
    await().atMost(Duration.ofSeconds(2)).until(() -> queue.size() == 1);
    queue.forget("ns/a");
    assertThat(queue.failures("ns/a")).isZero();
  }

  @Test
  void shutDownReleasesBlockedTake() throws InterruptedException {
    Thread worker = new Thread(() -> {
      try {
        assertThat(queue.take()).isEmpty();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    worker.start();

    queue.shutDown();

    worker.join(2_000);
    assertThat(worker.isAlive()).isFalse();
  }
}
