package dev.edgeplane.scheduler.schedule.internal;

import io.fabric8.kubernetes.api.model.Binding;
import io.fabric8.kubernetes.api.model.BindingBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;

/**
 * Binds a pod to a node through the {@code pods/binding} subresource, as kube-scheduler does. Blocks
 * on one API call; thread-safe.
 */
public final class PodBinder {

  /** Result of a binding. {@code code} is the HTTP status: 201 on success. */
  public record Outcome(int code, String message) {

    public boolean bound() {
      return code >= 200 && code < 300;
    }

    /** Returns whether the pod is already on a node or being deleted, so retrying cannot help. */
    public boolean settled() {
      return code == 404 || code == 409 && message != null
          && (message.contains("already assigned") || message.contains("being deleted"));
    }
  }

  private final KubernetesClient client;

  public PodBinder(KubernetesClient client) {
    this.client = client;
  }

  public Outcome bind(String namespace, String pod, String uid, String node) {
    Binding binding = new BindingBuilder()
        .withNewMetadata().withName(pod).withNamespace(namespace).withUid(uid).endMetadata()
        .withNewTarget().withApiVersion("v1").withKind("Node").withName(node).endTarget()
        .build();
    String path = "/api/v1/namespaces/" + namespace + "/pods/" + pod + "/binding";
    try {
      String response = client.raw(path, "POST", binding);
      // fabric8's raw call returns null instead of throwing when the API responds with 404.
      return response == null ? new Outcome(404, "pod " + namespace + "/" + pod + " not found") : new Outcome(201, "");
    } catch (KubernetesClientException e) {
      int code = e.getCode() == 0 ? 503 : e.getCode();
      String message = e.getStatus() != null && e.getStatus().getMessage() != null ? e.getStatus().getMessage() : e.getMessage();
      return new Outcome(code, message);
    }
  }
}
