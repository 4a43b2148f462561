package dev.edgeplane.scheduler.schedule;

import dev.edgeplane.scheduler.internal.InformerSync;
import dev.edgeplane.scheduler.schedule.internal.PodInfo;
import dev.edgeplane.scheduler.schedule.internal.SchedulingEvents;
import dev.edgeplane.scheduler.schedule.internal.SchedulingQueue;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Feeds the framework and the queue from node and pod informers. Every pod counts against its node
 * once bound, whatever its scheduler; pending pods of this scheduler go to the queue. A pod whose
 * Edgeplane annotations are invalid gets one FailedScheduling Event per version and stays pending.
 * Handlers run on fabric8's informer thread.
 */
final class SchedulerInformers implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(SchedulerInformers.class);
  private static final long RESYNC_MS = 0;

  private final KubernetesClient client;
  private final SchedulerConfig config;
  private final SchedulingFramework framework;
  private final SchedulingQueue queue;
  private final SchedulingEvents events;
  private final Map<String, String> reportedInvalid = new ConcurrentHashMap<>();
  private SharedIndexInformer<Node> nodes;
  private SharedIndexInformer<Pod> pods;

  SchedulerInformers(KubernetesClient client, SchedulerConfig config, SchedulingFramework framework,
      SchedulingQueue queue, SchedulingEvents events) {
    this.client = client;
    this.config = config;
    this.framework = framework;
    this.queue = queue;
    this.events = events;
  }

  /** Starts both informers and blocks until they have listed. */
  void start() {
    nodes = client.nodes().runnableInformer(RESYNC_MS);
    nodes.addEventHandler(new ResourceEventHandler<>() {
      @Override
      public void onAdd(Node node) {
        framework.onNode(node);
      }

      @Override
      public void onUpdate(Node old, Node node) {
        framework.onNode(node);
      }

      @Override
      public void onDelete(Node node, boolean finalStateUnknown) {
        framework.onNodeDeleted(node.getMetadata().getName());
      }
    });
    // Pods of every namespace count against their nodes, even when only one namespace is scheduled.
    pods = client.pods().inAnyNamespace().runnableInformer(RESYNC_MS);
    pods.addEventHandler(new ResourceEventHandler<>() {
      @Override
      public void onAdd(Pod pod) {
        onPod(pod);
      }

      @Override
      public void onUpdate(Pod old, Pod pod) {
        onPod(pod);
      }

      @Override
      public void onDelete(Pod pod, boolean finalStateUnknown) {
        onPodGone(pod);
      }
    });
    InformerSync.startAndAwait(nodes, "node", config.syncTimeout(), SchedulerConfig.SYNC_TIMEOUT_MS, client.getMasterUrl());
    InformerSync.startAndAwait(pods, "pod", config.syncTimeout(), SchedulerConfig.SYNC_TIMEOUT_MS, client.getMasterUrl());
    log.info("Scheduler informers synced: {} nodes, {} pods", nodes.getStore().list().size(), pods.getStore().list().size());
  }

  private void onPod(Pod pod) {
    String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
    if (pod.getMetadata().getDeletionTimestamp() != null || "Succeeded".equals(phase) || "Failed".equals(phase)) {
      onPodGone(pod);
      return;
    }
    boolean bound = pod.getSpec().getNodeName() != null && !pod.getSpec().getNodeName().isEmpty();
    boolean ours = config.schedulerName().equals(pod.getSpec().getSchedulerName())
        && (config.namespace() == null || config.namespace().equals(pod.getMetadata().getNamespace()));
    if (!bound && !ours) {
      return;
    }
    PodInfo info;
    try {
      info = PodInfo.of(pod);
    } catch (IllegalArgumentException e) {
      reportInvalid(pod, e.getMessage(), bound);
      return;
    }
    framework.state().observePod(info);
    if (bound) {
      queue.remove(info.key());
    } else {
      queue.add(info, pod);
    }
  }

  private void onPodGone(Pod pod) {
    framework.onPodDeleted(pod);
    queue.remove(pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName());
    reportedInvalid.remove(pod.getMetadata().getUid());
  }

  private void reportInvalid(Pod pod, String problem, boolean bound) {
    String version = pod.getMetadata().getResourceVersion();
    if (version != null && version.equals(reportedInvalid.put(pod.getMetadata().getUid(), version))) {
      return;
    }
    String key = pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName();
    if (bound) {
      // NOTE: a bound pod with invalid annotations is not counted on its node, so its node may be
      // over-committed by the scheduler until the annotations are fixed.
      log.warn("Bound pod {} is not counted on its node: {}", key, problem);
      return;
    }
    log.warn("Pod {} cannot be scheduled: {}", key, problem);
    events.failedScheduling(pod.getMetadata().getNamespace(), pod.getMetadata().getName(), pod.getMetadata().getUid(),
        "invalid pod: " + problem);
  }

  @Override
  public void close() {
    if (pods != null) {
      pods.close();
    }
    if (nodes != null) {
      nodes.close();
    }
  }
}
