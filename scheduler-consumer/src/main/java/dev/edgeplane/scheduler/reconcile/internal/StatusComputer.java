package dev.edgeplane.scheduler.reconcile.internal;

import static dev.edgeplane.scheduler.api.v1alpha1.FogServiceStatus.DEGRADED;
import static dev.edgeplane.scheduler.api.v1alpha1.FogServiceStatus.INVALID;
import static dev.edgeplane.scheduler.api.v1alpha1.FogServiceStatus.READY;

import dev.edgeplane.scheduler.api.v1alpha1.FogService;
import dev.edgeplane.scheduler.api.v1alpha1.FogServiceStatus;
import dev.edgeplane.scheduler.api.v1alpha1.LocationStatus;
import io.fabric8.kubernetes.api.model.Condition;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Computes a FogService's status from its desired replicas and its pods:
 *
 * <ul>
 *   <li>{@code Ready} is True when every location has all its desired replicas ready;</li>
 *   <li>{@code Degraded} is True when some location has fewer ready replicas than desired, or a
 *       placement reaches no node, and its message names each shortfall;</li>
 *   <li>{@code Invalid} is True when the spec breaks a rule, and its message lists every problem
 *       with its fix. The controller then neither creates nor deletes pods.</li>
 * </ul>
 */
final class StatusComputer {

  private final Clock clock;

  StatusComputer(Clock clock) {
    this.clock = clock;
  }

  FogServiceStatus valid(FogService fogService, Map<String, Integer> desired, List<String> warnings,
      PodView view) {
    long generation = generation(fogService);
    List<Condition> previous = previousConditions(fogService);
    Instant now = clock.instant();

    FogServiceStatus status = new FogServiceStatus();
    status.setObservedGeneration(generation);
    List<String> shortfalls = new ArrayList<>();
    int totalDesired = 0;
    int totalReady = 0;
    for (String location : new TreeSet<>(desired.keySet())) {
      int want = desired.getOrDefault(location, 0);
      int ready = Math.min(view.ready(location), want);
      status.getLocations().add(new LocationStatus(location, want, ready));
      totalDesired += want;
      totalReady += ready;
      if (ready < want) {
        shortfalls.add(location + " has " + ready + " of " + want + " replicas ready");
      }
    }
    status.setReplicas(totalDesired);
    status.setReadyReplicas(totalReady);

    List<String> problems = new ArrayList<>(shortfalls);
    problems.addAll(warnings);
    boolean ready = shortfalls.isEmpty() && warnings.isEmpty();
    String readyMessage = totalDesired == 0
        ? "no location asks for replicas" : totalReady + " of " + totalDesired + " replicas ready";
    status.setConditions(Conditions.list(
        Conditions.condition(previous, READY, ready, ready ? "AllReplicasReady" : "ReplicasNotReady",
            readyMessage, generation, now),
        Conditions.condition(previous, DEGRADED, !ready, ready ? "AsDesired" : degradedReason(shortfalls),
            ready ? "every location has its desired replicas ready" : String.join("; ", problems),
            generation, now),
        Conditions.condition(previous, INVALID, false, "ValidSpec", "the spec passed validation",
            generation, now)));
    return status;
  }

  FogServiceStatus invalid(FogService fogService, List<String> problems, PodView view) {
    long generation = generation(fogService);
    List<Condition> previous = previousConditions(fogService);
    Instant now = clock.instant();

    FogServiceStatus status = new FogServiceStatus();
    status.setObservedGeneration(generation);
    int total = 0;
    int ready = 0;
    for (String location : view.activeByLocation().keySet()) {
      int active = view.active(location).size();
      status.getLocations().add(new LocationStatus(location, active, view.ready(location)));
      total += active;
      ready += view.ready(location);
    }
    status.setReplicas(total);
    status.setReadyReplicas(ready);

    String halt = "the controller creates and deletes no pods until the spec is fixed";
    status.setConditions(Conditions.list(
        Conditions.condition(previous, READY, false, "InvalidSpec", halt, generation, now),
        Conditions.condition(previous, DEGRADED, false, "InvalidSpec", halt, generation, now),
        Conditions.condition(previous, INVALID, true, "InvalidSpec", String.join("; ", problems),
            generation, now)));
    return status;
  }

  private static String degradedReason(List<String> shortfalls) {
    return shortfalls.isEmpty() ? "PlacementUnreachable" : "ReplicasNotReady";
  }

  private static long generation(FogService fogService) {
    Long generation = fogService.getMetadata().getGeneration();
    return generation == null ? 0 : generation;
  }

  private static List<Condition> previousConditions(FogService fogService) {
    return fogService.getStatus() == null ? List.of() : fogService.getStatus().getConditions();
  }
}
