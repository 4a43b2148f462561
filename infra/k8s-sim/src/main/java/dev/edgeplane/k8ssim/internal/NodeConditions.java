package dev.edgeplane.k8ssim.internal;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.NodeConditionBuilder;
import io.fabric8.kubernetes.api.model.NodeStatus;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/** Reads and sets a node's Ready condition. */
final class NodeConditions {

  private NodeConditions() {
  }

  /** Returns the Ready condition's status ({@code True}, {@code False}, {@code Unknown}), or null. */
  static String readyStatus(Node node) {
    if (node.getStatus() == null || node.getStatus().getConditions() == null) {
      return null;
    }
    return node.getStatus().getConditions().stream()
        .filter(c -> "Ready".equals(c.getType()))
        .map(NodeCondition::getStatus)
        .findFirst()
        .orElse(null);
  }

  /** Returns the node with its Ready condition replaced. */
  static Node withReady(Node node, String status, String reason, String message) {
    NodeStatus nodeStatus = node.getStatus() == null ? new NodeStatus() : node.getStatus();
    List<NodeCondition> conditions = new ArrayList<>(
        nodeStatus.getConditions() == null ? List.of() : nodeStatus.getConditions());
    conditions.removeIf(c -> "Ready".equals(c.getType()));
    String now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
    conditions.add(new NodeConditionBuilder()
        .withType("Ready")
        .withStatus(status)
        .withReason(reason)
        .withMessage(message)
        .withLastHeartbeatTime(now)
        .withLastTransitionTime(now)
        .build());
    nodeStatus.setConditions(conditions);
    node.setStatus(nodeStatus);
    return node;
  }
}
