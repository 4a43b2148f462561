package dev.edgeplane.scheduler.schedule;

import static dev.edgeplane.scheduler.schedule.SchedulingFixtures.pod;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.edgeplane.k8ssim.SimulatedKubernetes;
import dev.edgeplane.k8ssim.SimulatedNode;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Two scheduler instances share one Lease: one schedules, and the standby takes over when it stops. */
class LeaderFailoverTest {

  private static final Duration AT_MOST = Duration.ofSeconds(30);

  private static SchedulerConfig config(String identity) {
    return new SchedulerConfig(Map.of(
        SchedulerConfig.LEASE_IDENTITY, identity,
        SchedulerConfig.LEASE_DURATION_MS, 1_500,
        SchedulerConfig.LEASE_RENEW_DEADLINE_MS, 1_000,
        SchedulerConfig.LEASE_RETRY_PERIOD_MS, 200,
        SchedulerConfig.BACKOFF_INITIAL_MS, 100));
  }

  @Test
  void standbyTakesOverWhenLeaderStops() {
    try (SimulatedKubernetes kubernetes = SimulatedKubernetes.builder().podStartupDelay(Duration.ofMillis(50)).start();
        KubernetesClient clientA = kubernetes.newClient();
        KubernetesClient clientB = kubernetes.newClient()) {
      kubernetes.addNode(SimulatedNode.builder("edge-1").location("junction-1").cpu("4").memory("8Gi").build());
      EdgeplaneScheduler first = new EdgeplaneScheduler(clientA, config("scheduler-a"), new SimpleMeterRegistry());
      EdgeplaneScheduler second = new EdgeplaneScheduler(clientB, config("scheduler-b"), new SimpleMeterRegistry());
      try {
        first.start();
        await().atMost(AT_MOST).until(first::isActive);
        second.start();

        create(kubernetes.client(), "before");
        await().atMost(AT_MOST).until(() -> bound(kubernetes.client(), "before"));
        assertThat(second.isActive()).as("the standby schedules nothing while the leader holds the Lease").isFalse();
        assertThat(second.framework().predict(pod("probe", "svc", "junction-1").build()).node()).contains("edge-1");

        first.close();
        await().atMost(AT_MOST).until(second::isActive);
        Lease lease = kubernetes.client().leases().inNamespace("default").withName("edgeplane-scheduler").get();
        assertThat(lease.getSpec().getHolderIdentity()).isEqualTo("scheduler-b");

        create(kubernetes.client(), "after");
        await().atMost(AT_MOST).until(() -> bound(kubernetes.client(), "after"));
      } finally {
        first.close();
        second.close();
      }
    }
  }

  private static void create(KubernetesClient client, String name) {
    Pod pod = pod(name, "svc", "junction-1").namespace("failover").uid(null).build();
    client.pods().resource(pod).create();
  }

  private static boolean bound(KubernetesClient client, String name) {
    Pod pod = client.pods().inNamespace("failover").withName(name).get();
    return pod != null && pod.getSpec().getNodeName() != null;
  }
}
