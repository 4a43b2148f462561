package dev.edgeplane.k8ssim.internal;

import io.fabric8.kubernetes.api.model.Binding;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.http.MockResponse;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Binds a pod to a node as the API server's {@code pods/binding} subresource does: sets
 * {@code spec.nodeName} and the {@code PodScheduled} condition, and rejects a pod already bound with
 * 409. Called under the dispatcher's lock.
 */
final class PodBinder {

  private static final int MAX_ATTEMPTS = 5;

  private final StoreAccess store;

  PodBinder(StoreAccess store) {
    this.store = store;
  }

  /** Binds the pod; {@code podName} is null for the namespace-level {@code bindings} resource. */
  MockResponse bind(String namespace, String podName, String body) {
    Binding binding;
    try {
      binding = Serialization.unmarshal(body, Binding.class);
    } catch (RuntimeException e) {
      return StatusResponses.failure(400, "BadRequest", "Binding body is not valid JSON: " + e.getMessage());
    }
    String name = podName != null ? podName : binding.getMetadata() == null ? null : binding.getMetadata().getName();
    String node = binding.getTarget() == null ? null : binding.getTarget().getName();
    if (name == null || node == null || node.isEmpty()) {
      return StatusResponses.failure(400, "BadRequest",
          "Binding needs metadata.name (the pod) and target.name (the node)");
    }

    for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      MockResponse response = tryBind(namespace, name, node);
      if (response.code() != 409 || isAlreadyBound(response)) {
        return response;
      }
    }
    return StatusResponses.failure(409, "Conflict", "Binding of pod " + namespace + "/" + name
        + " kept conflicting with concurrent updates; retry the binding");
  }

  private MockResponse tryBind(String namespace, String name, String node) {
    String path = "/api/v1/namespaces/" + namespace + "/pods/" + name;
    Optional<Pod> stored = store.get(path, Pod.class);
    if (stored.isEmpty()) {
      return StatusResponses.failure(404, "NotFound", "pods \"" + name + "\" not found");
    }
    Pod pod = stored.get();
    String current = pod.getSpec().getNodeName();
    if (current != null && !current.isEmpty()) {
      return StatusResponses.failure(409, "Conflict", "pod " + name + " is already assigned to node \""
          + current + "\"");
    }
    if (pod.getMetadata().getDeletionTimestamp() != null) {
      return StatusResponses.failure(409, "Conflict", "pod " + name + " is being deleted, cannot be assigned to a host");
    }

    pod.getSpec().setNodeName(node);
    MockResponse specWrite = store.put(path, pod);
    if (specWrite.code() >= 300) {
      return specWrite;
    }

    // The store keeps status apart from spec, as a real API server does, so the condition is a
    // second write on the status subresource.
    Pod written = Serialization.unmarshal(StoreAccess.body(specWrite), Pod.class);
    written.setStatus(withScheduledCondition(written.getStatus()));
    MockResponse statusWrite = store.put(path + "/status", written);
    if (statusWrite.code() >= 300) {
      return statusWrite;
    }
    return StatusResponses.success(201);
  }

  private static PodStatus withScheduledCondition(PodStatus status) {
    PodStatus result = status == null ? new PodStatus() : status;
    if (result.getPhase() == null) {
      result.setPhase("Pending");
    }
    List<PodCondition> conditions = new ArrayList<>(result.getConditions() == null ? List.of() : result.getConditions());
    conditions.removeIf(c -> "PodScheduled".equals(c.getType()));
    conditions.add(new PodConditionBuilder()
        .withType("PodScheduled")
        .withStatus("True")
        .withLastTransitionTime(Instant.now().truncatedTo(ChronoUnit.SECONDS).toString())
        .build());
    result.setConditions(conditions);
    return result;
  }

  private static boolean isAlreadyBound(MockResponse response) {
    String body = StoreAccess.body(response);
    return body.contains("already assigned") || body.contains("is being deleted");
  }
}
