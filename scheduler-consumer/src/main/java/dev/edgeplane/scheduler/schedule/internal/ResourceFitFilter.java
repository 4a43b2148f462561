package dev.edgeplane.scheduler.schedule.internal;

import dev.edgeplane.scheduler.api.v1alpha1.NodeMetadataKeys;
import java.util.Map;

/**
 * Passes nodes that carry every label of the pod's node selector (capabilities among them), whose
 * NoSchedule and NoExecute taints the pod tolerates, and that have the CPU, memory and pod slots
 * the pod requests left in their allocatable resources.
 */
final class ResourceFitFilter implements FilterPlugin {

  static final String NAME = "resource-fit";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String filter(CycleContext context, NodeInfo node) {
    for (Map.Entry<String, String> required : context.pod.nodeSelector().entrySet()) {
      if (!required.getValue().equals(node.labels.get(required.getKey()))) {
        return required.getKey().startsWith(NodeMetadataKeys.CAPABILITY_LABEL_PREFIX)
            ? "missing capability" : "node label mismatch";
      }
    }
    if (!node.taints.isEmpty() && !Taints.tolerated(node.taints, context.pod.tolerations())) {
      return "untolerated taint";
    }
    return node.resourceShortfall(context.pod, context.self(node));
  }
}
