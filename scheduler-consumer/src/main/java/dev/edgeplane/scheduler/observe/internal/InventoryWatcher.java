package dev.edgeplane.scheduler.observe.internal;

import dev.edgeplane.scheduler.api.v1alpha1.FogService;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Turns informer events into inventory records. The handlers run on the informers' event thread and
 * only hand tasks to the {@link InventorySender}. The tasks build records from the event's object,
 * or, when one change touches other pods, from the informer cache at the time the task runs, so a
 * pod deleted meanwhile is never published again after its tombstone.
 */
public final class InventoryWatcher {

  private static final String BY_NODE = "node-name";
  private static final String BY_FOGSERVICE = "fogservice-key";

  private final SharedIndexInformer<Node> nodes;
  private final SharedIndexInformer<Pod> pods;
  private final SharedIndexInformer<FogService> fogServices;
  private final InventorySender sender;
  private final NodeInventoryMapper nodeMapper = new NodeInventoryMapper();
  private final PodPlacementMapper podMapper = new PodPlacementMapper();
  private final FogServiceInventoryMapper fogServiceMapper = new FogServiceInventoryMapper();

  public InventoryWatcher(SharedIndexInformer<Node> nodes, SharedIndexInformer<Pod> pods,
      SharedIndexInformer<FogService> fogServices, InventorySender sender) {
    this.nodes = nodes;
    this.pods = pods;
    this.fogServices = fogServices;
    this.sender = sender;
    pods.addIndexers(Map.of(
        BY_NODE, pod -> pod.getSpec() == null || pod.getSpec().getNodeName() == null
            ? List.of() : List.of(pod.getSpec().getNodeName()),
        BY_FOGSERVICE, pod -> PodPlacementMapper.fogServiceName(pod)
            .map(name -> List.of(pod.getMetadata().getNamespace() + "/" + name))
            .orElse(List.of())));
  }

  /** Registers the handlers; call before the informers start. */
  public void registerHandlers() {
    nodes.addEventHandler(new ResourceEventHandler<>() {
      @Override
      public void onAdd(Node node) {
        sender.submit(() -> {
          publishNode(node);
          republishPods(BY_NODE, node.getMetadata().getName());
        });
      }

      @Override
      public void onUpdate(Node before, Node after) {
        boolean labelsChanged = !Objects.equals(before.getMetadata().getLabels(), after.getMetadata().getLabels());
        sender.submit(() -> {
          publishNode(after);
          if (labelsChanged) {
            republishPods(BY_NODE, after.getMetadata().getName());
          }
        });
      }

      @Override
      public void onDelete(Node node, boolean finalStateUnknown) {
        sender.submit(() -> {
          sender.send(InventorySender.NODES_TOPIC, node.getMetadata().getName(), null);
          republishPods(BY_NODE, node.getMetadata().getName());
        });
      }
    });

    pods.addEventHandler(new ResourceEventHandler<>() {
      @Override
      public void onAdd(Pod pod) {
        sender.submit(() -> publishPod(pod));
      }

      @Override
      public void onUpdate(Pod before, Pod after) {
        sender.submit(() -> publishPod(after));
      }

      @Override
      public void onDelete(Pod pod, boolean finalStateUnknown) {
        sender.submit(() -> sender.send(InventorySender.PLACEMENTS_TOPIC, pod.getMetadata().getUid(), null));
      }
    });

    fogServices.addEventHandler(new ResourceEventHandler<>() {
      @Override
      public void onAdd(FogService fogService) {
        sender.submit(() -> {
          publishFogService(fogService);
          republishPods(BY_FOGSERVICE, Cache.metaNamespaceKeyFunc(fogService));
        });
      }

      @Override
      public void onUpdate(FogService before, FogService after) {
        boolean criticalChanged = critical(before) != critical(after);
        // Status updates leave the spec alone. The spec classes have no equals, so compare their JSON.
        boolean specChanged = !Serialization.asJson(before.getSpec()).equals(Serialization.asJson(after.getSpec()));
        if (!criticalChanged && !specChanged) {
          return;
        }
        sender.submit(() -> {
          publishFogService(after);
          if (criticalChanged) {
            republishPods(BY_FOGSERVICE, Cache.metaNamespaceKeyFunc(after));
          }
        });
      }

      @Override
      public void onDelete(FogService fogService, boolean finalStateUnknown) {
        sender.submit(() -> {
          sender.send(InventorySender.FOGSERVICES_TOPIC, FogServiceInventoryMapper.key(fogService), null);
          republishPods(BY_FOGSERVICE, Cache.metaNamespaceKeyFunc(fogService));
        });
      }
    });
  }

  private void publishNode(Node node) {
    sender.send(InventorySender.NODES_TOPIC, node.getMetadata().getName(), nodeMapper.map(node, Instant.now()));
  }

  private void publishFogService(FogService fogService) {
    sender.send(InventorySender.FOGSERVICES_TOPIC, FogServiceInventoryMapper.key(fogService),
        fogServiceMapper.map(fogService, Instant.now()));
  }

  private void publishPod(Pod pod) {
    FogService owner = PodPlacementMapper.fogServiceName(pod)
        .map(name -> fogServices.getStore().getByKey(pod.getMetadata().getNamespace() + "/" + name))
        .orElse(null);
    String nodeName = pod.getSpec() == null ? null : pod.getSpec().getNodeName();
    Node node = nodeName == null ? null : nodes.getStore().getByKey(nodeName);
    sender.send(InventorySender.PLACEMENTS_TOPIC, pod.getMetadata().getUid(),
        podMapper.map(pod, owner, node, Instant.now()));
  }

  private void republishPods(String index, String value) {
    for (Pod pod : pods.getIndexer().byIndex(index, value)) {
      publishPod(pod);
    }
  }

  private static boolean critical(FogService fogService) {
    return fogService.getSpec() != null && fogService.getSpec().isCritical();
  }
}
