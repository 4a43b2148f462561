package dev.edgeplane.k8ssim.internal;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodList;
import io.fabric8.kubernetes.api.model.StatusCauseBuilder;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetList;
import io.fabric8.mockwebserver.http.MockResponse;
import java.util.List;
import java.util.Optional;

/**
 * Evicts a pod as the API server's {@code pods/eviction} subresource does: deletes it unless a
 * PodDisruptionBudget forbids the disruption, in which case it responds with 429. Called under the
 * dispatcher's lock, so two evictions cannot both spend the budget's last allowed disruption.
 *
 * <p>The budget is computed at the time of the request from the pods the budget selects, where a
 * real cluster reads {@code status.disruptionsAllowed} that the disruption controller keeps up to
 * date. An unhealthy pod may be evicted while the budget's healthy count is met, which is the
 * default {@code IfHealthyBudget} policy for unhealthy pods.
 */
final class PodEvictor {

  static final String BUDGET_VIOLATION = "Cannot evict pod as it would violate the pod's disruption budget.";

  private final StoreAccess store;

  PodEvictor(StoreAccess store) {
    this.store = store;
  }

  MockResponse evict(String namespace, String name) {
    String path = "/api/v1/namespaces/" + namespace + "/pods/" + name;
    Optional<Pod> stored = store.get(path, Pod.class);
    if (stored.isEmpty()) {
      return StatusResponses.failure(404, "NotFound", "pods \"" + name + "\" not found");
    }
    Pod pod = stored.get();

    if (!PodStates.isTerminal(pod) && pod.getMetadata().getDeletionTimestamp() == null) {
      Optional<MockResponse> rejection = checkBudgets(namespace, pod);
      if (rejection.isPresent()) {
        return rejection.get();
      }
    }

    MockResponse deletion = store.delete(path);
    if (deletion.code() >= 300) {
      return deletion;
    }
    return StatusResponses.success(201);
  }

  private Optional<MockResponse> checkBudgets(String namespace, Pod pod) {
    List<PodDisruptionBudget> budgets = store.list(
        "/apis/policy/v1/namespaces/" + namespace + "/poddisruptionbudgets",
        PodDisruptionBudgetList.class).getItems().stream()
        .filter(budget -> LabelSelectors.matches(budget.getSpec().getSelector(), pod.getMetadata().getLabels()))
        .toList();
    if (budgets.isEmpty()) {
      return Optional.empty();
    }
    if (budgets.size() > 1) {
      return Optional.of(StatusResponses.failure(500, "InternalError",
          "This pod has more than one PodDisruptionBudget, which the eviction subresource does not support."));
    }

    PodDisruptionBudget budget = budgets.get(0);
    List<Pod> selected = store.list("/api/v1/namespaces/" + namespace + "/pods", PodList.class)
        .getItems().stream()
        .filter(p -> LabelSelectors.matches(budget.getSpec().getSelector(), p.getMetadata().getLabels()))
        .filter(p -> p.getMetadata().getDeletionTimestamp() == null)
        .toList();
    DisruptionBudget computed = DisruptionBudget.of(budget, selected);

    boolean allowed = PodStates.isReady(pod)
        ? computed.disruptionsAllowed() >= 1
        : computed.currentHealthy() >= computed.desiredHealthy();
    if (allowed) {
      return Optional.empty();
    }
    return Optional.of(StatusResponses.failure(429, "TooManyRequests", BUDGET_VIOLATION,
        new StatusCauseBuilder()
            .withReason("DisruptionBudget")
            .withMessage("The disruption budget " + budget.getMetadata().getName() + " needs "
                + computed.desiredHealthy() + " healthy pods and has " + computed.currentHealthy()
                + ", which are not enough to allow this pod to be evicted")
            .build()));
  }
}
