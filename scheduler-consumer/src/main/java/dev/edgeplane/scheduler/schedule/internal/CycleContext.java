package dev.edgeplane.scheduler.schedule.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the plugins of one scheduling cycle share: the pod, the cluster state, the network view with
 * its fallback, and values computed once per cycle. Used by one thread under the cluster state's
 * read lock.
 */
public final class CycleContext {

  final PodInfo pod;
  final ClusterState state;
  final NetworkView view;
  final LatencyFallback fallback;
  /** Node the pod is already counted on, or null; its own share there is left out. */
  final String selfNode;
  private final Set<String> fallbackPlugins = new LinkedHashSet<>();
  private final Map<String, List<NodeInfo>> dependencyNodes = new HashMap<>();

  public CycleContext(PodInfo pod, ClusterState state, NetworkView view, LatencyFallback fallback) {
    this.pod = pod;
    this.state = state;
    this.view = view;
    this.fallback = fallback;
    this.selfNode = pod.uid() == null ? null : state.placedNode(pod.uid());
  }

  boolean self(NodeInfo node) {
    return node.name.equals(selfNode);
  }

  /** Returns the known nodes that run a replica of the FogService in the pod's namespace. */
  List<NodeInfo> dependencyNodes(String fogService) {
    return dependencyNodes.computeIfAbsent(fogService, name -> {
      List<NodeInfo> nodes = new ArrayList<>();
      for (String nodeName : state.replicaNodes(pod.namespace() + "/" + name).keySet()) {
        NodeInfo node = state.node(nodeName);
        if (node != null) {
          nodes.add(node);
        }
      }
      return nodes;
    });
  }

  /**
   * Returns the round-trip time between two nodes in microseconds: 0 on the same node, the fresh
   * measurement when the link-latency view has one, else the plugin's declared fallback estimate.
   */
  double rttMicros(String plugin, NodeInfo a, NodeInfo b) {
    if (a.name.equals(b.name)) {
      return 0;
    }
    if (!view.latencyStale()) {
      double measured = view.rttMicros(a.name, b.name);
      if (!Double.isNaN(measured)) {
        return measured;
      }
    }
    fallbackPlugins.add(plugin);
    return fallback.estimate(a.location, b.location);
  }

  /** Records that a plugin used its fallback in this cycle. */
  void usedFallback(String plugin) {
    fallbackPlugins.add(plugin);
  }

  Set<String> fallbackPlugins() {
    return fallbackPlugins;
  }
}
