package dev.edgeplane.scheduler.executor.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The evictions in flight, counted per FogService and per location for the limits, and the
 * replacement pods already matched to one of them. Owned by the executor thread; not thread-safe.
 */
final class InFlightEvictions {

  private final Map<String, InFlightEviction> byDecision = new LinkedHashMap<>();
  private final Set<String> claimedReplacements = new HashSet<>();

  boolean contains(String decisionId) {
    return byDecision.containsKey(decisionId);
  }

  void add(InFlightEviction eviction) {
    byDecision.put(eviction.decisionId(), eviction);
  }

  void remove(String decisionId) {
    byDecision.remove(decisionId);
  }

  int size() {
    return byDecision.size();
  }

  Collection<InFlightEviction> all() {
    return byDecision.values();
  }

  /** Returns the evictions whose next step is due at {@code now}, oldest intent first. */
  List<InFlightEviction> due(Instant now) {
    List<InFlightEviction> due = new ArrayList<>();
    for (InFlightEviction eviction : byDecision.values()) {
      if (!eviction.nextCheck.isAfter(now)) {
        due.add(eviction);
      }
    }
    return due;
  }

  /** Returns the decision evicting the pod with this uid, or null. */
  String decisionEvicting(String podUid) {
    for (InFlightEviction eviction : byDecision.values()) {
      if (eviction.intent.podUid().equals(podUid)) {
        return eviction.decisionId();
      }
    }
    return null;
  }

  long countForFogService(String fogServiceKey) {
    return byDecision.values().stream().filter(e -> e.intent.fogServiceKey().equals(fogServiceKey)).count();
  }

  long countAtLocation(String location) {
    return byDecision.values().stream().filter(e -> e.intent.location().equals(location)).count();
  }

  /** Marks a pod as the replacement of one eviction; returns false if another eviction has it. */
  boolean claimReplacement(String podUid) {
    return claimedReplacements.add(podUid);
  }

  boolean isClaimed(String podUid) {
    return claimedReplacements.contains(podUid);
  }
}
