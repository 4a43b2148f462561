package dev.edgeplane.scheduler.reconcile;

import dev.edgeplane.scheduler.api.v1alpha1.PodMetadataKeys;
import io.fabric8.kubernetes.api.model.BindingBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A stand-in for the edgeplane scheduler in controller tests: binds each pending pod with
 * {@code schedulerName: edgeplane} to a node of its location, round robin, every 25 ms.
 */
final class LocationBinder implements AutoCloseable {

  private final KubernetesClient client;
  private final AtomicInteger next = new AtomicInteger();
  private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor();

  LocationBinder(KubernetesClient client) {
    this.client = client;
    executor.scheduleWithFixedDelay(this::bindPending, 0, 25, TimeUnit.MILLISECONDS);
  }

  private void bindPending() {
    try {
      List<Node> nodes = client.nodes().list().getItems();
      for (Pod pod : client.pods().inAnyNamespace().withLabel(PodMetadataKeys.FOGSERVICE_LABEL).list().getItems()) {
        if (pod.getSpec().getNodeName() != null || pod.getMetadata().getDeletionTimestamp() != null) {
          continue;
        }
        String location = pod.getSpec().getNodeSelector().get(PodMetadataKeys.LOCATION_LABEL);
        List<Node> candidates = nodes.stream()
            .filter(node -> location.equals(node.getMetadata().getLabels().get(PodMetadataKeys.LOCATION_LABEL)))
            .toList();
        if (!candidates.isEmpty()) {
          bind(pod, candidates.get(Math.floorMod(next.getAndIncrement(), candidates.size())));
        }
      }
    } catch (KubernetesClientException e) {
      // The next run retries; a pod may vanish between list and bind.
    }
  }

  private void bind(Pod pod, Node node) {
    client.bindings().inNamespace(pod.getMetadata().getNamespace()).resource(new BindingBuilder()
        .withNewMetadata().withName(pod.getMetadata().getName()).endMetadata()
        .withNewTarget().withKind("Node").withApiVersion("v1").withName(node.getMetadata().getName()).endTarget()
        .build()).create();
  }

  @Override
  public void close() {
    executor.shutdownNow();
  }
}
