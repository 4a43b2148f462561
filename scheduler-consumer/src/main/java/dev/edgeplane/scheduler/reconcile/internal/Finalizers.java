package dev.edgeplane.scheduler.reconcile.internal;

import dev.edgeplane.scheduler.api.v1alpha1.FogService;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.ArrayList;
import java.util.List;

/**
 * Adds and removes the controller's finalizer with an update that carries the resourceVersion, and
 * on 409 reads the FogService again and retries, so that it never drops another controller's
 * finalizer written meanwhile.
 */
public final class Finalizers {

  /** Finalizer that keeps a deleted FogService until the controller has deleted its pods. */
  public static final String PODS_FINALIZER = "edgeplane.dev/pods";

  static final int MAX_ATTEMPTS = 3;

  private final KubernetesClient client;

  public Finalizers(KubernetesClient client) {
    this.client = client;
  }

  static boolean has(FogService fogService) {
    return fogService.getMetadata().getFinalizers() != null
        && fogService.getMetadata().getFinalizers().contains(PODS_FINALIZER);
  }

  /** Adds the finalizer; returns the updated FogService, or null when it was deleted. Blocks. */
  public FogService add(FogService fogService) {
    return change(fogService, true);
  }

  /** Removes the finalizer; returns the updated FogService, or null when it is gone. Blocks. */
  public FogService remove(FogService fogService) {
    return change(fogService, false);
  }

  private FogService change(FogService fogService, boolean add) {
    FogService target = fogService;
    for (int attempt = 1; ; attempt++) {
      if (has(target) == add) {
        return target;
      }
      FogService updated = Serialization.clone(target);
      List<String> finalizers = new ArrayList<>(
          updated.getMetadata().getFinalizers() == null ? List.of() : updated.getMetadata().getFinalizers());
      if (add) {
        finalizers.add(PODS_FINALIZER);
      } else {
        finalizers.remove(PODS_FINALIZER);
      }
      updated.getMetadata().setFinalizers(finalizers);
      try {
        return client.resources(FogService.class).inNamespace(target.getMetadata().getNamespace())
            .resource(updated).update();
      } catch (KubernetesClientException e) {
        if (e.getCode() == 404) {
          return null;
        }
        if (e.getCode() != 409 || attempt >= MAX_ATTEMPTS) {
          throw e;
        }
        target = client.resources(FogService.class).inNamespace(target.getMetadata().getNamespace())
            .withName(target.getMetadata().getName()).get();
        if (target == null) {
          return null;
        }
      }
    }
  }
}
