package dev.edgeplane.scheduler.schedule;

import static dev.edgeplane.scheduler.schedule.SchedulingFixtures.node;
import static dev.edgeplane.scheduler.schedule.SchedulingFixtures.pod;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.edgeplane.scheduler.schedule.internal.DecisionAuditor;
import dev.edgeplane.scheduler.schedule.internal.PodInfo;
import dev.edgeplane.scheduler.schedule.internal.SchedulingEvents;
import dev.edgeplane.scheduler.schedule.internal.SchedulingQueue;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A binding the API rejects: the assumption is released, the node read again, and the pod retried. */
class FailedBindingTest {

  private static final String BINDING = "/api/v1/namespaces/city/pods/camera-0/binding";

  private KubernetesMockServer server;
  private KubernetesClient client;

  @BeforeEach
  void startServer() {
    server = new KubernetesMockServer(false);
    server.init();
    client = server.createClient();
  }

  @AfterEach
  void stopServer() {
    client.close();
    server.destroy();
  }

  @Test
  void failedBindingRetriedAfterRefresh() {
    Node edge = node("edge-1", "junction-1").cpu("1").build();
    // A conflict, since fabric8's client retries 5xx answers on its own.
    server.expect().post().withPath(BINDING).andReturn(409, new StatusBuilder().withCode(409).withReason("Conflict")
        .withMessage("Operation cannot be fulfilled on pods \"camera-0\": the object has been modified").build()).once();
    server.expect().post().withPath(BINDING).andReturn(201, new StatusBuilder().withCode(201).build()).once();
    server.expect().get().withPath("/api/v1/nodes/edge-1").andReturn(200, edge).always();
    server.expect().post().withPath("/api/v1/namespaces/city/events").andReturn(201, "{}").always();

    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    SchedulerConfig config = SchedulerConfig.defaults().with(Map.of(SchedulerConfig.BACKOFF_INITIAL_MS, 50));
    SchedulingQueue queue = new SchedulingQueue(Clock.systemUTC(), config.backoffInitial(), config.backoffMax(),
        config.unschedulableRetry());
    SchedulingFramework framework = new SchedulingFramework(config, registry, Clock.systemUTC(), queue::clusterChanged);
    framework.onNode(edge);
    Pod pod = pod("camera-0", "camera", "junction-1").cpu("800m").build();
    queue.add(PodInfo.of(pod), pod);

    try (SchedulingLoop loop = new SchedulingLoop(framework, queue, client, new SchedulingEvents(client, "edgeplane"),
        new DecisionAuditor(null, "edgeplane.audit.actions", 10, registry), 1, registry)) {
      loop.start();

      await().atMost(Duration.ofSeconds(20)).until(() -> counted(registry, "bound") == 1);
    }

    assertThat(counted(registry, "bind-failed")).isEqualTo(1);
    assertThat(server.getRequestCount()).as("two bindings, one node read, Events").isGreaterThanOrEqualTo(3);
    assertThat(framework.state().isPlaced(pod.getMetadata().getUid())).isTrue();
    assertThat(framework.state().usage("edge-1")[0]).as("cpu counted once").isEqualTo(800);
  }

  private static double counted(SimpleMeterRegistry registry, String outcome) {
    return registry.get("edgeplane.scheduler.decisions").tag("outcome", outcome).counter().count();
  }
}
