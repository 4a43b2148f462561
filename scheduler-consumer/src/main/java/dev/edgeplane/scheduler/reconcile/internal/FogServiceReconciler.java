package dev.edgeplane.scheduler.reconcile.internal;

import dev.edgeplane.scheduler.api.v1alpha1.FogService;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reconciles one FogService into the pods it owns. It adds the finalizer, validates the spec,
 * resolves placements to replicas per location, creates and deletes pods to match, replaces pods
 * that ended, and writes the status. On deletion it deletes the pods before it removes the
 * finalizer.
 *
 * <p>Called by one worker at a time per key; different keys run in parallel, so every field is
 * thread-safe or immutable.
 */
public final class FogServiceReconciler implements Reconciler {

  /** Delay before a FogService being deleted is checked again while its pods terminate. */
  static final Duration FINALIZE_RECHECK = Duration.ofSeconds(1);

  /**
   * Deletes pods that do the least good first, as the ReplicaSet controller does: unbound before
   * bound, not ready before ready, newer before older.
   */
  static final Comparator<Pod> DELETION_ORDER = Comparator
      .comparing((Pod pod) -> PodStates.isBound(pod))
      .thenComparing(PodStates::isReady)
      .thenComparing((Pod pod) -> String.valueOf(pod.getMetadata().getCreationTimestamp()),
          Comparator.reverseOrder());

  private static final Logger log = LoggerFactory.getLogger(FogServiceReconciler.class);
  private static final Logger audit = LoggerFactory.getLogger("dev.edgeplane.audit.FogServiceController");

  private final KubernetesClient client;
  private final ClusterCache cache;
  private final PodExpectations expectations;
  private final SpecValidator validator = new SpecValidator();
  private final PlacementResolver resolver = new PlacementResolver();
  private final PodFactory podFactory = new PodFactory();
  private final StatusComputer statuses;
  private final StatusWriter statusWriter;
  private final Finalizers finalizers;
  private final MeterRegistry registry;

  public FogServiceReconciler(KubernetesClient client, ClusterCache cache, PodExpectations expectations,
      MeterRegistry registry, Clock clock) {
    this.client = client;
    this.cache = cache;
    this.expectations = expectations;
    this.statuses = new StatusComputer(clock);
    this.statusWriter = new StatusWriter(client);
    this.finalizers = new Finalizers(client);
    this.registry = registry;
  }

  @Override
  public ReconcileResult reconcile(String key) {
    FogService fogService = cache.fogService(key);
    if (fogService == null) {
      expectations.clear(key);
      return ReconcileResult.DONE;
    }
    if (fogService.getMetadata().getDeletionTimestamp() != null) {
      return finalizeDeletion(key, fogService);
    }
    if (!Finalizers.has(fogService)) {
      fogService = finalizers.add(fogService);
      if (fogService == null) {
        return ReconcileResult.DONE;
      }
    }

    PodView view = PodView.of(key, cache.podsOwnedBy(fogService.getMetadata().getUid()), expectations);
    List<String> problems = validator.validate(fogService);
    if (!problems.isEmpty()) {
      if (statusWriter.write(fogService, statuses.invalid(fogService, problems, view))) {
        log.info("FogService {} is invalid; no pods change until it is fixed: {}", key,
            String.join("; ", problems));
      }
      return ReconcileResult.DONE;
    }

    PlacementResolver.Resolution resolution = resolver.resolve(fogService.getSpec(), cache.nodes());
    for (Pod ended : view.terminal()) {
      deletePod(key, ended, "replace-" + PodStates.phase(ended).toLowerCase());
    }
    scale(key, fogService, resolution.replicasByLocation(), view);

    statusWriter.write(fogService, statuses.valid(fogService, resolution.replicasByLocation(),
        resolution.warnings(), view));
    return ReconcileResult.DONE;
  }

  // NOTE: pods are counted, not compared with the current template, so a changed spec.template
  // reaches only pods created after the change; a rollout of existing pods is still missing. Pods on
  // a node that went silent also stay, as the rescheduling executor decides whether to move them.
  private void scale(String key, FogService fogService, Map<String, Integer> desired, PodView view) {
    Set<String> locations = new TreeSet<>(desired.keySet());
    locations.addAll(view.activeByLocation().keySet());
    for (String location : locations) {
      int want = desired.getOrDefault(location, 0);
      List<Pod> active = view.active(location);
      int have = active.size() + view.pending(location);
      for (int i = have; i < want; i++) {
        createPod(key, fogService, location);
      }
      if (have > want) {
        List<Pod> surplus = active.stream()
            .sorted(DELETION_ORDER)
            .limit(Math.min(active.size(), have - want))
            .toList();
        String reason = want == 0 ? "location-removed" : "scale-down";
        for (Pod pod : surplus) {
          deletePod(key, pod, reason);
        }
      }
    }
  }

  private ReconcileResult finalizeDeletion(String key, FogService fogService) {
    if (!Finalizers.has(fogService)) {
      return ReconcileResult.DONE;
    }
    List<Pod> owned = cache.podsOwnedBy(fogService.getMetadata().getUid());
    PodView view = PodView.of(key, owned, expectations);
    List<Pod> remaining = new ArrayList<>(view.terminal());
    view.activeByLocation().values().forEach(remaining::addAll);
    for (Pod pod : remaining) {
      deletePod(key, pod, "fogservice-deleted");
    }
    if (!remaining.isEmpty()) {
      return ReconcileResult.requeueAfter(FINALIZE_RECHECK);
    }

    // Every pod is gone or being deleted. The garbage collector also follows the owner references,
    // so waiting for terminating pods would only hang on a lost node.
    finalizers.remove(fogService);
    expectations.clear(key);
    log.info("FogService {} has no pods left; released its finalizer", key);
    return ReconcileResult.DONE;
  }

  private void createPod(String key, FogService fogService, String location) {
    Pod pod = podFactory.build(fogService, location);
    String name = pod.getMetadata().getName();
    expectations.expectCreate(key, name, location);
    try {
      client.pods().inNamespace(pod.getMetadata().getNamespace()).resource(pod).create();
    } catch (RuntimeException e) {
      expectations.cancelCreate(key, name);
      throw e;
    }
    podCounter("created", "scale-up").increment();
    audit.info("created pod {}/{} for FogService {} at location {}", pod.getMetadata().getNamespace(),
        name, key, location);
  }

  private void deletePod(String key, Pod pod, String reason) {
    String namespace = pod.getMetadata().getNamespace();
    String name = pod.getMetadata().getName();
    expectations.expectDelete(key, name);
    try {
      client.pods().inNamespace(namespace).withName(name).delete();
    } catch (KubernetesClientException e) {
      expectations.cancelDelete(key, name);
      if (e.getCode() == 404) {
        return;
      }
      throw e;
    }
    podCounter("deleted", reason).increment();
    audit.info("deleted pod {}/{} of FogService {} ({})", namespace, name, key, reason);
  }

  private Counter podCounter(String action, String reason) {
    return Counter.builder("edgeplane.scheduler.fogservice.pods." + action)
        .description("Pods the FogService controller " + action)
        .tag("reason", reason)
        .register(registry);
  }
}
