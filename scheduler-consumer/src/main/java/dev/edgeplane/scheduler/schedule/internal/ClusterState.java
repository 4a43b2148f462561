package dev.edgeplane.scheduler.schedule.internal;

import io.fabric8.kubernetes.api.model.Node;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * The scheduler's cache of nodes and the pods placed on them. A pod counts against its node from the
 * moment it is assumed, before the binding is sent, until the binding fails ({@link #forget}) or
 * the pod is deleted; so two decisions taken one after the other never count the same free capacity
 * twice. {@link #assume} checks the fit again under the write lock, so even decisions taken on
 * different threads from the same view cannot over-commit a node.
 *
 * <p>Thread-safe: scheduling cycles and predictions read under {@link #readLock()}; informer
 * callbacks and the assume path write under the write lock.
 */
public final class ClusterState {

  /** A pod counted on a node; {@code assumed} while its binding is not yet confirmed. */
  private record Placement(PodInfo pod, String node, boolean assumed) {
  }

  private final ReadWriteLock lock = new ReentrantReadWriteLock();
  private final Map<String, NodeInfo> nodes = new HashMap<>();
  private final Map<String, Map<String, NodeInfo>> nodesByLocation = new HashMap<>();
  private final Map<String, Placement> placements = new HashMap<>();
  private final Map<String, Set<String>> podsByNode = new HashMap<>();
  private final Map<String, Map<String, Integer>> replicaNodes = new HashMap<>();
  private final Runnable onCapacityChange;

  /** @param onCapacityChange called, outside the lock, after a change that may let a waiting pod fit */
  public ClusterState(Runnable onCapacityChange) {
    this.onCapacityChange = onCapacityChange;
  }

  /** Returns the lock that a whole scheduling cycle holds while it reads nodes and placements. */
  public java.util.concurrent.locks.Lock readLock() {
    return lock.readLock();
  }

  /**
   * Adds or replaces a node; the pods already counted on it stay counted. Only a new node or a
   * changed offer counts as a capacity change, not a heartbeat.
   */
  public void upsertNode(Node node) {
    NodeInfo updated = NodeInfo.of(node);
    boolean changed;
    lock.writeLock().lock();
    try {
      NodeInfo previous = nodes.put(updated.name, updated);
      changed = previous == null || !previous.sameOffer(updated);
      if (previous != null) {
        updated.takeUsageFrom(previous);
        unindex(previous);
      } else {
        for (String uid : podsByNode.getOrDefault(updated.name, Set.of())) {
          updated.add(placements.get(uid).pod(), 1);
        }
      }
      nodesByLocation.computeIfAbsent(String.valueOf(updated.location), l -> new HashMap<>()).put(updated.name, updated);
    } finally {
      lock.writeLock().unlock();
    }
    if (changed) {
      onCapacityChange.run();
    }
  }

  /** Removes a node; pods counted on it stay recorded, and count again if it returns. */
  public void removeNode(String name) {
    lock.writeLock().lock();
    try {
      NodeInfo removed = nodes.remove(name);
      if (removed != null) {
        unindex(removed);
      }
    } finally {
      lock.writeLock().unlock();
    }
  }

  /**
   * Records a pod the API reports. A bound pod counts on its node (and confirms an assumed one); a
   * pending pod that is not assumed is not counted.
   */
  public void observePod(PodInfo pod) {
    boolean freed = false;
    lock.writeLock().lock();
    try {
      Placement current = placements.get(pod.uid());
      if (pod.nodeName() == null) {
        if (current != null && !current.assumed()) {
          remove(current);
          freed = true;
        }
        return;
      }
      if (current != null) {
        freed = !current.node().equals(pod.nodeName());
        remove(current);
      }
      place(new Placement(pod, pod.nodeName(), false));
    } finally {
      lock.writeLock().unlock();
    }
    if (freed) {
      onCapacityChange.run();
    }
  }

  /** Stops counting a deleted pod. */
  public void removePod(String uid) {
    boolean removed;
    lock.writeLock().lock();
    try {
      Placement current = placements.get(uid);
      removed = current != null;
      if (removed) {
        remove(current);
      }
    } finally {
      lock.writeLock().unlock();
    }
    if (removed) {
      onCapacityChange.run();
    }
  }

  /**
   * Counts the pod on the node if it still fits there. Returns null on success, else the reason it
   * no longer fits (another decision took the capacity, or the node is gone).
   */
  public String assume(PodInfo pod, String nodeName) {
    lock.writeLock().lock();
    try {
      NodeInfo node = nodes.get(nodeName);
      if (node == null) {
        return "node " + nodeName + " not found";
      }
      if (placements.containsKey(pod.uid())) {
        return "pod " + pod.key() + " is already placed on " + placements.get(pod.uid()).node();
      }
      String shortfall = node.resourceShortfall(pod, false);
      if (shortfall == null) {
        shortfall = node.rtShortfall(pod, false);
      }
      if (shortfall != null) {
        return shortfall;
      }
      place(new Placement(pod, nodeName, true));
      return null;
    } finally {
      lock.writeLock().unlock();
    }
  }

  /** Marks an assumed pod as bound, after the API accepted the binding. */
  public void confirm(PodInfo pod) {
    lock.writeLock().lock();
    try {
      Placement current = placements.get(pod.uid());
      if (current != null && current.assumed()) {
        placements.put(pod.uid(), new Placement(current.pod(), current.node(), false));
      }
    } finally {
      lock.writeLock().unlock();
    }
  }

  /** Stops counting an assumed pod whose binding failed. */
  public void forget(PodInfo pod) {
    boolean removed = false;
    lock.writeLock().lock();
    try {
      Placement current = placements.get(pod.uid());
      if (current != null && current.assumed()) {
        remove(current);
        removed = true;
      }
    } finally {
      lock.writeLock().unlock();
    }
    if (removed) {
      onCapacityChange.run();
    }
  }

  /** Returns whether the pod is counted on a node, assumed or bound. */
  public boolean isPlaced(String uid) {
    lock.readLock().lock();
    try {
      return placements.containsKey(uid);
    } finally {
      lock.readLock().unlock();
    }
  }

  /** Returns the node the pod is counted on, assumed or bound, or null. Call under {@link #readLock()}. */
  String placedNode(String uid) {
    Placement placement = placements.get(uid);
    return placement == null ? null : placement.node();
  }

  /** Returns every node. Call under {@link #readLock()}. */
  Collection<NodeInfo> nodes() {
    return nodes.values();
  }

  NodeInfo node(String name) {
    return nodes.get(name);
  }

  /** Returns the nodes of a location. Call under {@link #readLock()}. */
  Collection<NodeInfo> nodesIn(String location) {
    return nodesByLocation.getOrDefault(location, Map.of()).values();
  }

  /** Returns node name to replica count of a FogService. Call under {@link #readLock()}. */
  Map<String, Integer> replicaNodes(String fogServiceKey) {
    return replicaNodes.getOrDefault(fogServiceKey, Map.of());
  }

  /** Returns a copy of every node's name; for tests and checks. */
  public List<String> nodeNames() {
    lock.readLock().lock();
    try {
      return List.copyOf(nodes.keySet());
    } finally {
      lock.readLock().unlock();
    }
  }

  /**
   * Returns {cpu millicores, memory bytes, pods, real-time ppm} in use and allocatable on the node,
   * or null when it is unknown; for tests and checks.
   */
  public long[] usage(String nodeName) {
    lock.readLock().lock();
    try {
      NodeInfo node = nodes.get(nodeName);
      return node == null ? null : new long[] {node.requestedCpuMillis, node.allocatableCpuMillis,
          node.requestedMemoryBytes, node.allocatableMemoryBytes, node.pods, node.maxPods, node.rtPpm,
          node.rtCapacityPpm};
    } finally {
      lock.readLock().unlock();
    }
  }

  private void place(Placement placement) {
    placements.put(placement.pod().uid(), placement);
    podsByNode.computeIfAbsent(placement.node(), n -> new HashSet<>()).add(placement.pod().uid());
    NodeInfo node = nodes.get(placement.node());
    if (node != null) {
      node.add(placement.pod(), 1);
    }
    String key = placement.pod().fogServiceKey();
    if (key != null) {
      replicaNodes.computeIfAbsent(key, k -> new HashMap<>()).merge(placement.node(), 1, Integer::sum);
    }
  }

  private void remove(Placement placement) {
    placements.remove(placement.pod().uid());
    Set<String> onNode = podsByNode.get(placement.node());
    if (onNode != null) {
      onNode.remove(placement.pod().uid());
      if (onNode.isEmpty()) {
        podsByNode.remove(placement.node());
      }
    }
    NodeInfo node = nodes.get(placement.node());
    if (node != null) {
      node.add(placement.pod(), -1);
    }
    String key = placement.pod().fogServiceKey();
    if (key != null) {
      Map<String, Integer> counts = replicaNodes.get(key);
      counts.merge(placement.node(), -1, Integer::sum);
      counts.remove(placement.node(), 0);
      if (counts.isEmpty()) {
        replicaNodes.remove(key);
      }
    }
  }

  private void unindex(NodeInfo node) {
    Map<String, NodeInfo> inLocation = nodesByLocation.get(String.valueOf(node.location));
    if (inLocation != null) {
      inLocation.remove(node.name);
      if (inLocation.isEmpty()) {
        nodesByLocation.remove(String.valueOf(node.location));
      }
    }
  }
}
