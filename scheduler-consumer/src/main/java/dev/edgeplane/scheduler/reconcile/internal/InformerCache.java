package dev.edgeplane.scheduler.reconcile.internal;

import dev.edgeplane.scheduler.api.v1alpha1.FogService;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The controller's informer caches, and the event handlers that turn informer events into work
 * queue keys. Handlers run on the informers' event thread and only enqueue and record expectations,
 * so they never block it.
 */
public final class InformerCache implements ClusterCache {

  private static final String OWNER_INDEX = "owner-uid";

  private final SharedIndexInformer<FogService> fogServices;
  private final SharedIndexInformer<Pod> pods;
  private final SharedIndexInformer<Node> nodes;

  public InformerCache(SharedIndexInformer<FogService> fogServices, SharedIndexInformer<Pod> pods,
      SharedIndexInformer<Node> nodes) {
    this.fogServices = fogServices;
    this.pods = pods;
    this.nodes = nodes;
    pods.addIndexers(Map.of(OWNER_INDEX, pod -> owner(pod).map(OwnerReference::getUid).stream().toList()));
  }

  @Override
  public FogService fogService(String key) {
    return fogServices.getStore().getByKey(key);
  }

  @Override
  public List<Pod> podsOwnedBy(String fogServiceUid) {
    return pods.getIndexer().byIndex(OWNER_INDEX, fogServiceUid);
  }

  @Override
  public Collection<Node> nodes() {
    return nodes.getStore().list();
  }

  /** Registers the handlers; call before the informers start. */
  public void registerHandlers(WorkQueue queue, PodExpectations expectations) {
    fogServices.addEventHandler(new ResourceEventHandler<>() {
      @Override
      public void onAdd(FogService fogService) {
        queue.add(Cache.metaNamespaceKeyFunc(fogService));
      }

      @Override
      public void onUpdate(FogService before, FogService after) {
        queue.add(Cache.metaNamespaceKeyFunc(after));
      }

      @Override
      public void onDelete(FogService fogService, boolean finalStateUnknown) {
        queue.add(Cache.metaNamespaceKeyFunc(fogService));
      }
    });

    pods.addEventHandler(new ResourceEventHandler<>() {
      @Override
      public void onAdd(Pod pod) {
        ownerKey(pod).ifPresent(key -> {
          expectations.observedCreate(key, pod.getMetadata().getName());
          queue.add(key);
        });
      }

      @Override
      public void onUpdate(Pod before, Pod after) {
        ownerKey(after).ifPresent(queue::add);
      }

      @Override
      public void onDelete(Pod pod, boolean finalStateUnknown) {
        ownerKey(pod).ifPresent(key -> {
          expectations.observedDelete(key, pod.getMetadata().getName());
          queue.add(key);
        });
      }
    });

    nodes.addEventHandler(new ResourceEventHandler<>() {
      @Override
      public void onAdd(Node node) {
        enqueueAll(queue);
      }

      @Override
      public void onUpdate(Node before, Node after) {
        // Placements depend on node labels only; readiness reaches FogServices through pod events.
        if (!Objects.equals(before.getMetadata().getLabels(), after.getMetadata().getLabels())) {
          enqueueAll(queue);
        }
      }

      @Override
      public void onDelete(Node node, boolean finalStateUnknown) {
        enqueueAll(queue);
      }
    });
  }

  private void enqueueAll(WorkQueue queue) {
    for (String key : fogServices.getStore().listKeys()) {
      queue.add(key);
    }
  }

  private static Optional<String> ownerKey(Pod pod) {
    return owner(pod).map(ref -> pod.getMetadata().getNamespace() + "/" + ref.getName());
  }

  static Optional<OwnerReference> owner(HasMetadata resource) {
    List<OwnerReference> references = resource.getMetadata().getOwnerReferences();
    if (references == null) {
      return Optional.empty();
    }
    return references.stream()
        .filter(ref -> Boolean.TRUE.equals(ref.getController()))
        .filter(ref -> "FogService".equals(ref.getKind()) && ref.getApiVersion() != null
            && ref.getApiVersion().startsWith(FogService.GROUP + "/"))
        .findFirst();
  }
}
