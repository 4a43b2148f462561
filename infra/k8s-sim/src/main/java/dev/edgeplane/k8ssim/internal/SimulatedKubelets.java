package dev.edgeplane.k8ssim.internal;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The kubelets of every simulated node and the node lifecycle part of the controller manager, in one
 * loop on one thread:
 *
 * <ul>
 *   <li>renews the Lease of each online node;</li>
 *   <li>turns a node's Ready condition Unknown when its Lease is older than the grace period, and
 *       True again once the Lease is fresh;</li>
 *   <li>starts a bound pod: phase Running and Ready true once the start-up delay has passed since the
 *       kubelet first saw the binding, while the node is Ready;</li>
 *   <li>marks the pods of a node that is not Ready as not Ready, and Ready again when it recovers.</li>
 * </ul>
 *
 * <p>It reads the cluster through informers and writes through the HTTP API, as the real components
 * do. A failed write is logged and retried on the next tick, so the loop never stops on an error.
 */
public final class SimulatedKubelets implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(SimulatedKubelets.class);

  private final KubernetesClient client;
  private final NodeHeartbeats heartbeats;
  private final Duration podStartupDelay;
  private final Duration nodeMonitorGracePeriod;
  private final Duration tickInterval;
  private final Map<String, Instant> firstSeenBound = new ConcurrentHashMap<>();
  private final Map<String, Instant> firstSeenNode = new ConcurrentHashMap<>();
  private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
    Thread thread = new Thread(runnable, "k8s-sim-kubelet");
    thread.setDaemon(true);
    return thread;
  });

  private SharedIndexInformer<Pod> pods;
  private SharedIndexInformer<Node> nodes;
  private SharedIndexInformer<Lease> leases;

  public SimulatedKubelets(KubernetesClient client, NodeHeartbeats heartbeats, Duration podStartupDelay,
      Duration nodeMonitorGracePeriod, Duration tickInterval) {
    this.client = client;
    this.heartbeats = heartbeats;
    this.podStartupDelay = podStartupDelay;
    this.nodeMonitorGracePeriod = nodeMonitorGracePeriod;
    this.tickInterval = tickInterval;
  }

  /** Starts the informers and schedules the loop; returns once the informers have listed. */
  public void start() {
    pods = client.pods().inAnyNamespace().inform();
    nodes = client.nodes().inform();
    leases = client.leases().inNamespace(NodeHeartbeats.LEASE_NAMESPACE).inform();
    executor.scheduleWithFixedDelay(this::tick, 0, tickInterval.toMillis(), TimeUnit.MILLISECONDS);
  }

  private void tick() {
    try {
      Instant now = Instant.now();
      heartbeats.renewDue(now);
      Set<String> nodeNames = new HashSet<>();
      for (Node node : nodes.getStore().list()) {
        nodeNames.add(node.getMetadata().getName());
        maybeUpdateNodeReadiness(node, now);
      }
      firstSeenNode.keySet().retainAll(nodeNames);
      Set<String> bound = new HashSet<>();
      for (Pod pod : pods.getStore().list()) {
        if (PodStates.isBound(pod)) {
          bound.add(pod.getMetadata().getUid());
          maybeUpdatePod(pod, now);
        }
      }
      firstSeenBound.keySet().retainAll(bound);
    } catch (RuntimeException e) {
      if (executor.isShutdown()) {
        return;
      }
      log.warn("Simulated kubelet tick failed; retrying on the next tick", e);
    }
  }

  private void maybeUpdateNodeReadiness(Node node, Instant now) {
    String name = node.getMetadata().getName();
    String ready = NodeConditions.readyStatus(node);
    boolean leaseFresh = isLeaseFresh(name, now);

    if (!leaseFresh && "True".equals(ready)) {
      write("node " + name, () -> client.nodes().withName(name)
          .editStatus(n -> NodeConditions.withReady(n, "Unknown", "NodeStatusUnknown",
              "Kubelet stopped posting node status.")));
      log.info("Node {} turned Ready=Unknown: its lease is older than {} ms", name,
          nodeMonitorGracePeriod.toMillis());
    } else if (leaseFresh && "Unknown".equals(ready)) {
      write("node " + name, () -> client.nodes().withName(name)
          .editStatus(n -> NodeConditions.withReady(n, "True", "KubeletReady", "kubelet is posting ready status")));
      log.info("Node {} turned Ready=True: its lease is fresh again", name);
    }
  }

  private boolean isLeaseFresh(String node, Instant now) {
    Lease lease = leases.getStore().getByKey(Cache.namespaceKeyFunc(NodeHeartbeats.LEASE_NAMESPACE, node));
    Instant firstSeen = firstSeenNode.computeIfAbsent(node, name -> now);
    return isLeaseFresh(lease, leases.hasSynced(), firstSeen, now, nodeMonitorGracePeriod);
  }

  /**
   * Returns whether a node's heartbeat is within the grace period. A Lease missing from the informer
   * cache is not an old Lease: the cache may not have synced yet, or the Lease's creation may not
   * have reached it. Like the node lifecycle controller, the grace period of a node without a Lease
   * then runs from when this loop first saw the node.
   */
  static boolean isLeaseFresh(Lease lease, boolean cacheSynced, Instant nodeFirstSeen, Instant now,
      Duration gracePeriod) {
    if (lease == null || lease.getSpec() == null || lease.getSpec().getRenewTime() == null) {
      return !cacheSynced || !now.isAfter(nodeFirstSeen.plus(gracePeriod));
    }
    Instant renewed = lease.getSpec().getRenewTime().toInstant();
    return !now.isAfter(renewed.plus(gracePeriod));
  }

  private void maybeUpdatePod(Pod pod, Instant now) {
    if (PodStates.isTerminal(pod) || pod.getMetadata().getDeletionTimestamp() != null) {
      return;
    }
    String namespace = pod.getMetadata().getNamespace();
    String name = pod.getMetadata().getName();
    Node node = nodes.getStore().getByKey(pod.getSpec().getNodeName());
    boolean nodeReady = node != null && "True".equals(NodeConditions.readyStatus(node));
    boolean running = "Running".equals(PodStates.phase(pod));
    boolean podReady = PodStates.hasCondition(pod, "Ready", "True");

    if (!running) {
      Instant seen = firstSeenBound.computeIfAbsent(pod.getMetadata().getUid(), uid -> now);
      if (nodeReady && !now.isBefore(seen.plus(podStartupDelay))) {
        write("pod " + namespace + "/" + name, () -> client.pods().inNamespace(namespace).withName(name)
            .editStatus(p -> PodStatuses.running(p, now)));
      }
    } else if (podReady && !nodeReady) {
      write("pod " + namespace + "/" + name, () -> client.pods().inNamespace(namespace).withName(name)
          .editStatus(p -> PodStatuses.withReady(p, false, now)));
    } else if (!podReady && nodeReady) {
      write("pod " + namespace + "/" + name, () -> client.pods().inNamespace(namespace).withName(name)
          .editStatus(p -> PodStatuses.withReady(p, true, now)));
    }
  }

  private static void write(String target, Runnable call) {
    try {
      call.run();
    } catch (KubernetesClientException e) {
      // 404: the object went away since the informer saw it; anything else is retried next tick.
      if (e.getCode() != 404) {
        log.debug("Simulated kubelet update of {} failed with {}; retrying on the next tick", target,
            e.getCode(), e);
      }
    }
  }

  /** Stops the loop and the informers; blocks up to five seconds for a running tick to finish. */
  @Override
  public void close() {
    executor.shutdownNow();
    try {
      executor.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    for (SharedIndexInformer<?> informer : new SharedIndexInformer<?>[] {pods, nodes, leases}) {
      if (informer != null) {
        informer.close();
      }
    }
  }
}
