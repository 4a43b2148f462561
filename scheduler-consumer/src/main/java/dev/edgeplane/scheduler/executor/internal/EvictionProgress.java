package dev.edgeplane.scheduler.executor.internal;

import dev.edgeplane.event.audit.ActionAudit;
import dev.edgeplane.event.audit.ActionOutcome;
import dev.edgeplane.scheduler.executor.RescheduleExecutorConfig;
import io.fabric8.kubernetes.api.model.Pod;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries an eviction from its intent to its final audit record: requests the eviction, retries a
 * rejection by a PodDisruptionBudget with a growing wait, then watches for the replacement pod and
 * records where it landed. Owned by the executor thread; blocks on the API.
 */
final class EvictionProgress {

  private static final Logger log = LoggerFactory.getLogger(EvictionProgress.class);

  private final ClusterAccess cluster;
  private final SafetyGates gates;
  private final InFlightEvictions inFlight;
  private final PodCooldowns cooldowns;
  private final RescheduleExecutorConfig config;
  private final ExecutorMetrics metrics;
  private final BiConsumer<InFlightEviction, ActionAudit> finisher;
  /** Uids of the FogService's pods just before each eviction, so older pods never count as replacements. */
  private final Map<String, Set<String>> podsBeforeEviction = new LinkedHashMap<>();

  EvictionProgress(ClusterAccess cluster, SafetyGates gates, InFlightEvictions inFlight, PodCooldowns cooldowns,
      RescheduleExecutorConfig config, ExecutorMetrics metrics, BiConsumer<InFlightEviction, ActionAudit> finisher) {
    this.cluster = cluster;
    this.gates = gates;
    this.inFlight = inFlight;
    this.cooldowns = cooldowns;
    this.config = config;
    this.metrics = metrics;
    this.finisher = finisher;
  }

  /** Creates the state of an eviction found as an intent at start, to be checked at once. */
  static InFlightEviction resumed(EvictionIntent intent, Instant now) {
    InFlightEviction eviction = new InFlightEviction(intent, now);
    // A resumed eviction counts as a retry, so the pod and the minimum are checked again before it.
    eviction.attempts = 1;
    eviction.firstAttempt = now;
    return eviction;
  }

  /** Runs the next step of the eviction. */
  void step(InFlightEviction eviction, Instant now) {
    if (eviction.phase == InFlightEviction.Phase.EVICTING) {
      attempt(eviction, now);
    } else {
      checkReplacement(eviction, now);
    }
  }

  private void attempt(InFlightEviction eviction, Instant now) {
    EvictionIntent intent = eviction.intent;
    boolean retry = eviction.attempts > 0;
    if (eviction.firstAttempt == null) {
      eviction.firstAttempt = now;
    }

    Optional<Pod> pod = cluster.pod(intent.namespace(), intent.pod());
    // On a retry a pod being deleted counts as gone: an earlier request may have started that.
    boolean podGone = pod.isEmpty() || !intent.podUid().equals(pod.get().getMetadata().getUid())
        || retry && pod.get().getMetadata().getDeletionTimestamp() != null;
    if (podGone && retry) {
      // An earlier request, or the run before a restart, may have evicted it.
      awaitReplacement(eviction, intent.requestedTime(), now);
      return;
    }
    if (podGone) {
      finishSkipped(eviction, Gate.STALE_DECISION, "Pod " + intent.namespace() + "/" + intent.pod()
          + " went away between the gates and the eviction", now);
      return;
    }
    if (retry && !stillSafe(eviction, pod.get(), now)) {
      return;
    }

    podsBeforeEviction.put(intent.decisionId(), uidsOf(intent));
    eviction.attempts++;
    EvictionResult result = cluster.evict(intent.namespace(), intent.pod(), intent.podUid());
    metrics.evictionRequest(result.status());
    switch (result.status()) {
      case EVICTED -> awaitReplacement(eviction, now, now);
      case NOT_FOUND -> {
        if (eviction.attempts > 1) {
          awaitReplacement(eviction, intent.requestedTime(), now);
        } else {
          finishSkipped(eviction, Gate.STALE_DECISION, "Pod " + intent.namespace() + "/" + intent.pod()
              + " with uid " + intent.podUid() + " was gone at eviction: " + result.message(), now);
        }
      }
      case REJECTED_BY_BUDGET, RETRIABLE_FAILURE -> scheduleRetry(eviction, result, now);
      case FAILED -> finishFailed(eviction, "The Eviction API rejected the request with HTTP " + result.httpCode()
          + ": " + result.message() + "; the executor does not retry this", Map.of("httpStatus",
          Integer.toString(result.httpCode())), null, now);
    }
  }

  /**
   * Checks again, before a retry, the gates that may have changed since the first attempt: the pod
   * still runs on the node of the intent, the scheduler still predicts a feasible different node,
   * and the FogService keeps its minimum. Finishes the eviction as skipped when one fails.
   */
  private boolean stillSafe(InFlightEviction eviction, Pod pod, Instant now) {
    EvictionIntent intent = eviction.intent;
    Map<String, String> details = new LinkedHashMap<>();
    String node = PodReadiness.nodeOf(pod);
    if (!intent.fromNode().equals(node)) {
      finishSkipped(eviction, Gate.STALE_DECISION, "Pod " + intent.namespace() + "/" + intent.pod() + " runs on node "
          + node + " now, not on node " + intent.fromNode(), now);
      return false;
    }
    Optional<GateVerdict> badTarget = SafetyGates.checkTarget(gates.predict(pod), intent.fromNode(), details);
    if (badTarget.isPresent()) {
      finishSkipped(eviction, badTarget.get().gate(), "Before retrying the eviction: " + badTarget.get().reason(), now);
      return false;
    }
    Optional<String> belowMinimum = gates.checkMinReady(intent.namespace(), intent.fogService(), pod, details);
    if (belowMinimum.isPresent()) {
      finishSkipped(eviction, Gate.MIN_READY_REPLICAS, "Before retrying the eviction: " + belowMinimum.get(), now);
      return false;
    }
    return true;
  }

  private void scheduleRetry(InFlightEviction eviction, EvictionResult result, Instant now) {
    Duration wait = backoff(eviction.attempts);
    Instant giveUp = eviction.firstAttempt.plus(config.evictionRetryTimeout());
    if (now.plus(wait).isAfter(giveUp)) {
      finishFailed(eviction, "Gave up evicting after " + eviction.attempts + " attempts over "
          + Duration.between(eviction.firstAttempt, now).toMillis() + " ms; last response HTTP " + result.httpCode()
          + ": " + result.message(), Map.of("httpStatus", Integer.toString(result.httpCode())), null, now);
      return;
    }
    eviction.nextCheck = now.plus(wait);
    log.debug("Eviction of pod {}/{} for decision {} got HTTP {} ({}); retrying in {} ms", eviction.intent.namespace(),
        eviction.intent.pod(), eviction.decisionId(), result.httpCode(), result.message(), wait.toMillis());
  }

  /** Returns the wait after the given number of attempts: initial × 2^(attempts−1), at most the maximum. */
  Duration backoff(int attempts) {
    long initial = config.evictionRetryBackoffInitial().toMillis();
    long max = config.evictionRetryBackoffMax().toMillis();
    int doublings = Math.max(0, Math.min(attempts - 1, 30));
    return Duration.ofMillis(Math.min(max, initial << doublings));
  }

  private void awaitReplacement(InFlightEviction eviction, Instant evictedTime, Instant now) {
    eviction.phase = InFlightEviction.Phase.AWAITING_REPLACEMENT;
    eviction.evictedTime = evictedTime;
    eviction.deadline = now.plus(config.replacementTimeout());
    eviction.nextCheck = now.plus(config.replacementCheckInterval());
    log.info("Pod {}/{} left node {} for decision {}; waiting for its replacement",
        eviction.intent.namespace(), eviction.intent.pod(), eviction.intent.fromNode(), eviction.decisionId());
  }

  private void checkReplacement(InFlightEviction eviction, Instant now) {
    Optional<Pod> replacement = findReplacement(eviction);
    String landed = replacement.map(PodReadiness::nodeOf).orElse(null);
    boolean ready = replacement.map(PodReadiness::isReady).orElse(false);
    boolean late = !now.isBefore(eviction.deadline);

    if (landed != null && (ready || late)) {
      finishMoved(eviction, replacement.get(), landed, ready, now);
    } else if (late) {
      String seen = replacement.map(p -> "replacement " + p.getMetadata().getName() + " stayed unbound")
          .orElse("no replacement pod appeared");
      finishFailed(eviction, "Evicted, but no replacement was bound within "
          + config.replacementTimeout().toMillis() + " ms: " + seen, Map.of(Audits.PLACEMENT, "unknown"), null, now);
    } else {
      eviction.nextCheck = now.plus(config.replacementCheckInterval());
    }
  }

  /**
   * Finds the pod that replaces the evicted one: a pod of the same FogService at the same location
   * that did not exist before the eviction and that no other eviction claimed. After a restart the
   * pods before the eviction are unknown, so the creation time decides instead, at the API's
   * one-second resolution.
   */
  private Optional<Pod> findReplacement(InFlightEviction eviction) {
    EvictionIntent intent = eviction.intent;
    Set<String> before = podsBeforeEviction.get(intent.decisionId());
    Instant notBefore = intent.requestedTime().truncatedTo(ChronoUnit.SECONDS);
    Optional<Pod> found = cluster.podsOf(intent.namespace(), intent.fogService()).stream()
        .filter(p -> !p.getMetadata().getUid().equals(intent.podUid()))
        .filter(p -> p.getMetadata().getDeletionTimestamp() == null)
        .filter(p -> SafetyGates.locationOf(p).equals(intent.location()))
        .filter(p -> before != null ? !before.contains(p.getMetadata().getUid()) : createdAtOrAfter(p, notBefore))
        .filter(p -> p.getMetadata().getUid().equals(eviction.replacementUid)
            || !inFlight.isClaimed(p.getMetadata().getUid()))
        .min(Comparator.comparing((Pod p) -> p.getMetadata().getCreationTimestamp(),
            Comparator.nullsLast(Comparator.naturalOrder())));
    found.ifPresent(p -> {
      if (eviction.replacementUid == null) {
        eviction.replacementUid = p.getMetadata().getUid();
        inFlight.claimReplacement(eviction.replacementUid);
      }
    });
    return found;
  }

  private void finishMoved(InFlightEviction eviction, Pod replacement, String landed, boolean ready, Instant now) {
    EvictionIntent intent = eviction.intent;
    boolean improved = !landed.equals(intent.fromNode());
    PodCooldowns.Entry entry = cooldowns.recordMove(intent.podUid(), replacement.getMetadata().getUid(), improved, now);
    String placement = improved ? "improved" : "not-improved";

    Map<String, String> details = new LinkedHashMap<>();
    details.put(Audits.PLACEMENT, placement);
    details.put(Audits.REPLACEMENT_POD, replacement.getMetadata().getName());
    details.put(Audits.REPLACEMENT_UID, replacement.getMetadata().getUid());
    details.put(Audits.LANDED_NODE, landed);
    details.put("replacementReady", Boolean.toString(ready));
    details.put(Audits.MOVES, Integer.toString(entry.moves()));
    details.put(Audits.COOLDOWN_UNTIL, entry.until().toString());
    String reason = improved
        ? "Evicted; replacement " + replacement.getMetadata().getName() + " landed on node " + landed
            + (landed.equals(intent.predictedTarget()) ? ", the predicted target" : ", not the predicted "
            + intent.predictedTarget()) + "; it may move again after " + entry.until()
        : "Evicted, but replacement " + replacement.getMetadata().getName() + " landed on node " + landed
            + " again, so the move did not improve the placement; the pod backs off until " + entry.until();
    if (!ready) {
      reason += "; the replacement was not ready within " + config.replacementTimeout().toMillis() + " ms";
    }

    metrics.move(placement, Duration.between(intent.requestedTime(), now));
    finish(eviction, ActionOutcome.SUCCEEDED, reason, landed, details, now);
  }

  private void finishSkipped(InFlightEviction eviction, Gate gate, String reason, Instant now) {
    finish(eviction, ActionOutcome.SKIPPED, reason, null, Map.of(Audits.GATE, gate.tag()), now);
  }

  private void finishFailed(InFlightEviction eviction, String reason, Map<String, String> details, String toNode,
      Instant now) {
    log.warn("Decision {} for pod {}/{} failed: {}", eviction.decisionId(), eviction.intent.namespace(),
        eviction.intent.pod(), reason);
    finish(eviction, ActionOutcome.FAILED, reason, toNode, details, now);
  }

  private void finish(InFlightEviction eviction, ActionOutcome outcome, String reason, String toNode,
      Map<String, String> details, Instant now) {
    podsBeforeEviction.remove(eviction.decisionId());
    finisher.accept(eviction, Audits.forEviction(eviction, outcome, reason, toNode, details, now));
  }

  private Set<String> uidsOf(EvictionIntent intent) {
    Set<String> uids = new HashSet<>();
    for (Pod pod : cluster.podsOf(intent.namespace(), intent.fogService())) {
      uids.add(pod.getMetadata().getUid());
    }
    return uids;
  }

  private static boolean createdAtOrAfter(Pod pod, Instant notBefore) {
    String created = pod.getMetadata().getCreationTimestamp();
    return created != null && !Instant.parse(created).isBefore(notBefore);
  }
}
