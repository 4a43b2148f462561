package dev.edgeplane.scheduler.reconcile.internal;

import dev.edgeplane.scheduler.api.v1alpha1.PodMetadataKeys;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The pods of one FogService as a reconcile counts them: active pods per location, pods that ended
 * (Failed or Succeeded) and need replacing, pods being deleted, and creations the informer has not
 * shown yet.
 */
record PodView(Map<String, List<Pod>> activeByLocation, List<Pod> terminal, List<Pod> terminating,
    Map<String, Integer> pendingByLocation) {

  static PodView of(String key, List<Pod> owned, PodExpectations expectations) {
    Map<String, List<Pod>> active = new TreeMap<>();
    List<Pod> terminal = new ArrayList<>();
    List<Pod> terminating = new ArrayList<>();
    for (Pod pod : owned) {
      String name = pod.getMetadata().getName();
      if (pod.getMetadata().getDeletionTimestamp() != null || expectations.isDeletePending(key, name)) {
        terminating.add(pod);
      } else if (PodStates.isTerminal(pod)) {
        terminal.add(pod);
      } else {
        active.computeIfAbsent(location(pod), l -> new ArrayList<>()).add(pod);
      }
    }

    Map<String, Integer> pending = new TreeMap<>();
    List<String> ownedNames = owned.stream().map(p -> p.getMetadata().getName()).toList();
    expectations.pendingCreates(key).forEach((name, create) -> {
      if (!ownedNames.contains(name)) {
        pending.merge(create.location(), 1, Integer::sum);
      }
    });
    return new PodView(active, terminal, terminating, pending);
  }

  static String location(Pod pod) {
    Map<String, String> labels = pod.getMetadata().getLabels();
    String location = labels == null ? null : labels.get(PodMetadataKeys.LOCATION_LABEL);
    return location == null ? "" : location;
  }

  List<Pod> active(String location) {
    return activeByLocation.getOrDefault(location, List.of());
  }

  int pending(String location) {
    return pendingByLocation.getOrDefault(location, 0);
  }

  int ready(String location) {
    return (int) active(location).stream().filter(PodStates::isReady).count();
  }
}
