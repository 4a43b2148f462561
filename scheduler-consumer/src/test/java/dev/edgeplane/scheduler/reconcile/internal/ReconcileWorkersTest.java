package dev.edgeplane.scheduler.reconcile.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.KubernetesClientException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

class ReconcileWorkersTest {

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final WorkQueue queue = new WorkQueue(Duration.ofMillis(5), Duration.ofMillis(20));

  @Test
  void failingKeyRetriedAndOthersContinue() {
    AtomicInteger brokenCalls = new AtomicInteger();
    Set<String> reconciled = ConcurrentHashMap.newKeySet();
    Map<String, String> mdcSeen = new ConcurrentHashMap<>();
    Reconciler reconciler = key -> {
      mdcSeen.put(key, MDC.get("namespace") + "|" + MDC.get("name") + "|" + MDC.get("kind"));
      if (key.equals("city/broken") && brokenCalls.incrementAndGet() <= 3) {
        throw new KubernetesClientException("conflict", 409, null);
      }
      if (key.equals("city/crash") && !reconciled.contains("city/crash-retried")) {
        reconciled.add("city/crash-retried");
        throw new IllegalStateException("unexpected");
      }
      reconciled.add(key);
      return ReconcileResult.DONE;
    };

    try (ReconcileWorkers workers = new ReconcileWorkers("FogService", queue, reconciler, registry)) {
      workers.start(2);
      queue.add("city/broken");
      queue.add("city/crash");
      queue.add("city/ok");

      await().atMost(Duration.ofSeconds(5)).until(() -> reconciled.containsAll(Set.of("city/broken", "city/crash", "city/ok")));
    }

    assertThat(brokenCalls.get()).isEqualTo(4);
    assertThat(registry.get("edgeplane.scheduler.reconcile.errors").tag("cause", "conflict").counter().count())
        .isEqualTo(3.0);
    assertThat(registry.get("edgeplane.scheduler.reconcile.errors").tag("cause", "exception").counter().count())
        .isEqualTo(1.0);
    assertThat(registry.get("edgeplane.scheduler.reconcile").tag("outcome", "success").timer().count())
        .isEqualTo(3);
    assertThat(mdcSeen).containsEntry("city/ok", "city|ok|FogService");
    assertThat(queue.failures("city/broken")).as("success resets the back-off").isZero();
  }

  @Test
  void requeueAfterRunsAgain() {
    AtomicInteger calls = new AtomicInteger();
    Reconciler reconciler = key -> calls.incrementAndGet() == 1
        ? ReconcileResult.requeueAfter(Duration.ofMillis(10)) : ReconcileResult.DONE;

    try (ReconcileWorkers workers = new ReconcileWorkers("FogService", queue, reconciler, registry)) {
      workers.start(1);
      queue.add("city/a");

      await().atMost(Duration.ofSeconds(5)).until(() -> calls.get() == 2);
    }
  }
}
