package dev.edgeplane.scheduler.executor;

import dev.edgeplane.scheduler.api.v1alpha1.PodMetadataKeys;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * A predictor with the location and resource-fit filters and a least-allocated score. A node is
 * feasible when it is Ready and carries the pod's location label. It must also have the pod's CPU
 * and memory requests free next to the other pods bound to it. The score is the share of the node's CPU left
 * free after placing the pod, from 0 to 100; ties go to the node name that sorts first.
 *
 * <p>It ignores node capabilities, real-time admission, dependency latency and node health, which
 * the scheduler's plugins check, so it may predict a node the scheduler would reject.
 * The executor's tests use it as a real predictor over the cluster state that needs no scheduler
 * cache; the product wires {@link FrameworkTargetPredictor}.
 *
 * <p>Each call reads the nodes and pods from the suppliers once; whether that blocks on the API
 * depends on them. Thread-safe when the suppliers are.
 */
public final class ResourceFitPredictor implements TargetPredictor {

  private final Supplier<List<Node>> nodes;
  private final Supplier<List<Pod>> pods;

  /**
   * @param nodes returns every node
   * @param pods returns every pod that may be bound to one of the nodes, in any namespace
   */
  public ResourceFitPredictor(Supplier<List<Node>> nodes, Supplier<List<Pod>> pods) {
    this.nodes = nodes;
    this.pods = pods;
  }

  @Override
  public Prediction predict(Pod pod) {
    Map<String, String> labels = pod.getMetadata().getLabels();
    String location = labels == null ? null : labels.get(PodMetadataKeys.LOCATION_LABEL);
    String current = pod.getSpec().getNodeName();
    List<Pod> others = pods.get().stream()
        .filter(p -> !p.getMetadata().getUid().equals(pod.getMetadata().getUid()))
        .filter(p -> p.getMetadata().getDeletionTimestamp() == null && p.getSpec().getNodeName() != null)
        .toList();

    String best = null;
    double bestScore = -1;
    Double currentScore = null;
    int wrongLocation = 0;
    int notReady = 0;
    int noRoom = 0;
    for (Node node : nodes.get().stream().sorted((a, b) -> name(a).compareTo(name(b))).toList()) {
      Map<String, String> nodeLabels = node.getMetadata().getLabels();
      if (location != null && (nodeLabels == null || !location.equals(nodeLabels.get(PodMetadataKeys.LOCATION_LABEL)))) {
        wrongLocation++;
        continue;
      }
      if (!isReady(node)) {
        notReady++;
        continue;
      }
      double score = scoreOf(node, pod, others);
      if (score < 0) {
        noRoom++;
        continue;
      }
      if (name(node).equals(current)) {
        currentScore = score;
      }
      if (score > bestScore) {
        best = name(node);
        bestScore = score;
      }
    }
    if (best == null) {
      List<String> reasons = new ArrayList<>();
      reasons.add(wrongLocation + " wrong location");
      reasons.add(notReady + " not ready");
      reasons.add(noRoom + " insufficient cpu or memory");
      return Prediction.infeasible(reasons);
    }
    return Prediction.feasible(best, bestScore, currentScore);
  }

  /** Returns the free CPU share in percent after placing the pod, or -1 when the pod does not fit. */
  private static double scoreOf(Node node, Pod pod, List<Pod> others) {
    Map<String, Quantity> allocatable = node.getStatus() == null || node.getStatus().getAllocatable() == null
        ? Map.of() : node.getStatus().getAllocatable();
    double cpu = amount(allocatable.get("cpu"));
    double memory = amount(allocatable.get("memory"));
    double usedCpu = request(pod, "cpu");
    double usedMemory = request(pod, "memory");
    for (Pod other : others) {
      if (name(node).equals(other.getSpec().getNodeName())) {
        usedCpu += request(other, "cpu");
        usedMemory += request(other, "memory");
      }
    }
    if (usedCpu > cpu || usedMemory > memory) {
      return -1;
    }
    return cpu == 0 ? 0 : 100.0 * (cpu - usedCpu) / cpu;
  }

  private static double request(Pod pod, String resource) {
    return pod.getSpec().getContainers().stream()
        .map(c -> c.getResources() == null || c.getResources().getRequests() == null
            ? null : c.getResources().getRequests().get(resource))
        .mapToDouble(ResourceFitPredictor::amount)
        .sum();
  }

  private static double amount(Quantity quantity) {
    return quantity == null ? 0 : Quantity.getAmountInBytes(quantity).doubleValue();
  }

  private static boolean isReady(Node node) {
    return node.getStatus() != null && node.getStatus().getConditions() != null
        && node.getStatus().getConditions().stream()
            .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
  }

  private static String name(Node node) {
    return node.getMetadata().getName();
  }
}
