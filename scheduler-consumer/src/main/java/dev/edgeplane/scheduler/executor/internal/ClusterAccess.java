package dev.edgeplane.scheduler.executor.internal;

import dev.edgeplane.scheduler.api.v1alpha1.FogService;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.List;
import java.util.Optional;

/**
 * The Kubernetes calls the executor makes. {@link KubernetesClusterAccess} makes them through
 * fabric8; property tests use an in-memory cluster. Every method blocks on the API and is called
 * from the executor thread only.
 */
public interface ClusterAccess {

  Optional<Pod> pod(String namespace, String name);

  Optional<FogService> fogService(String namespace, String name);

  /** Returns the pods that carry the FogService label with this name, terminating ones included. */
  List<Pod> podsOf(String namespace, String fogService);

  /**
   * Evicts the pod through the Eviction API, on condition that it still has this uid.
   *
   * @return the outcome; an API error becomes an {@link EvictionResult} instead of an exception
   */
  EvictionResult evict(String namespace, String name, String uid);

  /**
   * Records the intent to evict before the eviction, so that a restarted executor finds it.
   *
   * @return false when an intent for the same decision exists already
   */
  boolean recordIntent(EvictionIntent intent);

  /** Returns every recorded intent in scope: the namespace, or every namespace when null. */
  List<EvictionIntent> intents(String namespace);
}
