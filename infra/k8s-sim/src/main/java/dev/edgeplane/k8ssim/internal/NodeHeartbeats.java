package dev.edgeplane.k8ssim.internal;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The kubelet side of node heartbeats: renews each online node's Lease in {@code kube-node-lease}
 * every renew interval. A silenced node stops renewing, as a kubelet that lost power or network
 * does. Renewal runs on the kubelet thread; {@link #setOnline} may be called from any thread.
 */
public final class NodeHeartbeats {

  public static final String LEASE_NAMESPACE = "kube-node-lease";

  private final KubernetesClient client;
  private final Duration renewInterval;
  private final int leaseDurationSeconds;
  private final Map<String, Boolean> online = new ConcurrentHashMap<>();
  private final Map<String, Instant> lastRenewal = new ConcurrentHashMap<>();

  public NodeHeartbeats(KubernetesClient client, Duration renewInterval, Duration gracePeriod) {
    this.client = client;
    this.renewInterval = renewInterval;
    this.leaseDurationSeconds = (int) Math.max(1, gracePeriod.toSeconds());
  }

  /** Registers the node and writes its first Lease; blocks on the API call. */
  public void register(String node) {
    online.put(node, true);
    renew(node, Instant.now());
  }

  public void setOnline(String node, boolean isOnline) {
    if (!online.containsKey(node)) {
      throw new IllegalArgumentException("Node " + node + " is not part of the simulated cluster: "
          + "add it with addNode first");
    }
    online.put(node, isOnline);
  }

  /** Renews the Lease of every online node whose last renewal is at least one interval old. */
  void renewDue(Instant now) {
    for (Map.Entry<String, Boolean> entry : online.entrySet()) {
      Instant last = lastRenewal.get(entry.getKey());
      if (entry.getValue() && (last == null || !now.isBefore(last.plus(renewInterval)))) {
        renew(entry.getKey(), now);
      }
    }
  }

  // Synchronized because the thread that adds a node (register) and the heartbeat thread (renewDue)
  // may renew its Lease at once, and the second of two concurrent updates fails with 409 Conflict.
  private synchronized void renew(String node, Instant now) {
    Lease lease = new LeaseBuilder()
        .withNewMetadata().withNamespace(LEASE_NAMESPACE).withName(node).endMetadata()
        .withNewSpec()
        .withHolderIdentity(node)
        .withLeaseDurationSeconds(leaseDurationSeconds)
        .withRenewTime(ZonedDateTime.ofInstant(now, ZoneOffset.UTC))
        .endSpec()
        .build();
    client.leases().inNamespace(LEASE_NAMESPACE).resource(lease).unlock().createOr(existing -> existing.update());
    lastRenewal.put(node, now);
  }
}
