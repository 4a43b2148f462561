package dev.edgeplane.scheduler.executor;

import dev.edgeplane.scheduler.api.v1alpha1.PodMetadataKeys;
import io.fabric8.kubernetes.api.model.BindingBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A stand-in for the edgeplane scheduler in executor tests: every 25 ms it binds each pending
 * FogService pod to the node a {@link ResourceFitPredictor} picks, or to the node forced for its
 * FogService. It can be paused, to hold replacements pending.
 */
final class PredictingBinder implements AutoCloseable {

  private final KubernetesClient client;
  private final ResourceFitPredictor predictor;
  private final Map<String, String> forcedNodes = new ConcurrentHashMap<>();
  private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor();
  private volatile boolean paused;

  PredictingBinder(KubernetesClient client, ResourceFitPredictor predictor) {
    this.client = client;
    this.predictor = predictor;
    executor.scheduleWithFixedDelay(this::bindPending, 0, 25, TimeUnit.MILLISECONDS);
  }

  /** Binds every later pod of the FogService to {@code node}, or lets the predictor choose again on null. */
  void force(String fogService, String node) {
    if (node == null) {
      forcedNodes.remove(fogService);
    } else {
      forcedNodes.put(fogService, node);
    }
  }

  void pause(boolean paused) {
    this.paused = paused;
  }

  private void bindPending() {
    if (paused) {
      return;
    }
    try {
      for (Pod pod : client.pods().inAnyNamespace().withLabel(PodMetadataKeys.FOGSERVICE_LABEL).list().getItems()) {
        if (pod.getSpec().getNodeName() != null || pod.getMetadata().getDeletionTimestamp() != null) {
          continue;
        }
        String forced = forcedNodes.get(pod.getMetadata().getLabels().get(PodMetadataKeys.FOGSERVICE_LABEL));
        String node = forced != null ? forced : predictor.predict(pod).targetNode();
        if (node != null) {
          bind(pod, node);
        }
      }
    } catch (KubernetesClientException e) {
      // The next run retries; a pod may vanish between list and bind.
    }
  }

  private void bind(Pod pod, String node) {
    client.bindings().inNamespace(pod.getMetadata().getNamespace()).resource(new BindingBuilder()
        .withNewMetadata().withName(pod.getMetadata().getName()).endMetadata()
        .withNewTarget().withKind("Node").withApiVersion("v1").withName(node).endTarget()
        .build()).create();
  }

  @Override
  public void close() {
    executor.shutdownNow();
  }
}
