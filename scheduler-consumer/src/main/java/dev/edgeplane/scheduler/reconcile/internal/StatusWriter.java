package dev.edgeplane.scheduler.reconcile.internal;

import dev.edgeplane.scheduler.api.v1alpha1.FogService;
import dev.edgeplane.scheduler.api.v1alpha1.FogServiceStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a FogService's status through the status subresource with the resourceVersion it read, and
 * on 409 reads the FogService again and retries, a few times, before it lets the conflict reach the
 * work queue's back-off. Skips the write when the status is unchanged, so that its own watch event
 * does not start an endless loop of reconciles.
 */
public final class StatusWriter {

  static final int MAX_ATTEMPTS = 3;

  private static final Logger log = LoggerFactory.getLogger(StatusWriter.class);

  private final KubernetesClient client;

  public StatusWriter(KubernetesClient client) {
    this.client = client;
  }

  /**
   * Writes the status unless equal to the current one; blocks on the API calls. Returns whether it
   * wrote.
   */
  public boolean write(FogService current, FogServiceStatus status) {
    FogService target = current;
    for (int attempt = 1; ; attempt++) {
      if (sameStatus(target.getStatus(), status)) {
        return false;
      }
      FogService updated = Serialization.clone(target);
      updated.setStatus(status);
      try {
        client.resources(FogService.class).inNamespace(target.getMetadata().getNamespace())
            .resource(updated).updateStatus();
        return true;
      } catch (KubernetesClientException e) {
        if (e.getCode() != 409 || attempt >= MAX_ATTEMPTS) {
          throw e;
        }
        log.debug("Status update of FogService {}/{} conflicted (attempt {}); retrying with fresh state",
            target.getMetadata().getNamespace(), target.getMetadata().getName(), attempt);
        target = client.resources(FogService.class).inNamespace(target.getMetadata().getNamespace())
            .withName(target.getMetadata().getName()).get();
        if (target == null) {
          return false;
        }
      }
    }
  }

  static boolean sameStatus(FogServiceStatus a, FogServiceStatus b) {
    if (a == null || b == null) {
      return a == b;
    }
    return Objects.equals(Serialization.asJson(a), Serialization.asJson(b));
  }
}
