package dev.edgeplane.scheduler.reconcile.internal;

import dev.edgeplane.scheduler.api.v1alpha1.FogService;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.Collection;
import java.util.List;

/** The informer caches a reconcile reads; every method returns at once and is thread-safe. */
public interface ClusterCache {

  /** Returns the FogService with the {@code namespace/name} key, or null when the cache has none. */
  FogService fogService(String key);

  /** Returns the pods whose controller owner reference names the FogService uid. */
  List<Pod> podsOwnedBy(String fogServiceUid);

  Collection<Node> nodes();
}
