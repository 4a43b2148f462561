package dev.edgeplane.scheduler.executor.internal;

import dev.edgeplane.event.audit.ActionAudit;
import dev.edgeplane.event.audit.ActionKind;
import dev.edgeplane.event.audit.ActionOutcome;
import dev.edgeplane.event.decision.RescheduleDecision;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** Builds the executor's audit records. Stateless. */
final class Audits {

  /** The {@code actor} of every audit record the executor writes. */
  static final String ACTOR = "edgeplane-executor";

  /** Detail that names the gate that held a decision back. */
  static final String GATE = "gate";
  /** Detail: {@code improved}, {@code not-improved} or {@code unknown}. */
  static final String PLACEMENT = "placement";
  static final String REPLACEMENT_POD = "replacementPod";
  static final String REPLACEMENT_UID = "replacementUid";
  static final String LANDED_NODE = "landedNode";
  static final String MOVES = "moves";
  static final String COOLDOWN_UNTIL = "cooldownUntil";
  static final String EVICTED_UID = "evictedUid";
  static final String EVICTION_ATTEMPTS = "evictionAttempts";

  private Audits() {
  }

  static ActionAudit forDecision(RescheduleDecision decision, ActionOutcome outcome, String reason, String toNode,
      Map<String, String> details, Instant now) {
    Map<String, String> all = new LinkedHashMap<>(details);
    all.put("strategy", decision.getStrategy().name());
    all.put(EVICTED_UID, decision.getPodUid());
    return ActionAudit.newBuilder()
        .setDecisionId(decision.getDecisionId())
        .setActionTime(now)
        .setActor(ACTOR)
        .setKind(ActionKind.EVICTION)
        .setOutcome(outcome)
        .setReason(reason)
        .setNamespace(decision.getNamespace())
        .setTarget(decision.getPod())
        .setFromNode(decision.getFromNode())
        .setToNode(toNode)
        .setDetails(all)
        .build();
  }

  static ActionAudit forEviction(InFlightEviction eviction, ActionOutcome outcome, String reason, String toNode,
      Map<String, String> details, Instant now) {
    EvictionIntent intent = eviction.intent;
    Map<String, String> all = new LinkedHashMap<>(details);
    all.put("strategy", intent.strategy());
    all.put("fogService", intent.fogService());
    all.put("location", intent.location());
    all.put("predictedTarget", intent.predictedTarget());
    all.put(EVICTED_UID, intent.podUid());
    all.put(EVICTION_ATTEMPTS, Integer.toString(eviction.attempts));
    return ActionAudit.newBuilder()
        .setDecisionId(intent.decisionId())
        .setActionTime(now)
        .setActor(ACTOR)
        .setKind(ActionKind.EVICTION)
        .setOutcome(outcome)
        .setReason(reason)
        .setNamespace(intent.namespace())
        .setTarget(intent.pod())
        .setFromNode(intent.fromNode())
        .setToNode(toNode)
        .setDetails(all)
        .build();
  }
}
