package dev.edgeplane.scheduler.executor.internal;

import dev.edgeplane.event.audit.ActionAudit;
import dev.edgeplane.event.audit.ActionOutcome;
import dev.edgeplane.event.decision.RescheduleDecision;
import dev.edgeplane.scheduler.executor.RescheduleExecutorConfig;
import dev.edgeplane.scheduler.executor.TargetPredictor;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes each decision through the duplicate check and the safety gates, records the intent, and
 * starts the eviction; {@link EvictionProgress} carries it on. Every decision ends in exactly one
 * final audit record, and a decision id seen again gets an ALREADY_DONE record and no action.
 *
 * <p>Owned by the executor thread: no method is thread-safe, and all block on the API.
 */
public final class DecisionProcessor {

  private static final Logger log = LoggerFactory.getLogger(DecisionProcessor.class);
  private static final Logger audit = LoggerFactory.getLogger("dev.edgeplane.audit.executor");

  private final ClusterAccess cluster;
  private final AuditSink sink;
  private final ExecutorMetrics metrics;
  private final RescheduleExecutorConfig config;
  private final Set<String> executed = new HashSet<>();
  private final InFlightEvictions inFlight = new InFlightEvictions();
  private final PodCooldowns cooldowns;
  private final SafetyGates gates;
  private final EvictionProgress progress;

  public DecisionProcessor(ClusterAccess cluster, TargetPredictor predictor, AuditSink sink,
      RescheduleExecutorConfig config, ExecutorMetrics metrics) {
    this.cluster = cluster;
    this.sink = sink;
    this.metrics = metrics;
    this.config = config;
    this.cooldowns = new PodCooldowns(config.cooldown(), config.cooldownMax(), config.moveHistoryReset());
    this.gates = new SafetyGates(cluster, predictor, inFlight, cooldowns, new SafetyGates.Limits(
        config.namespace(), config.maxInflightPerFogService(), config.maxInflightPerLocation(),
        config.maxUnavailableReplicas(), config.dryRun()));
    this.progress = new EvictionProgress(cluster, gates, inFlight, cooldowns, config, metrics, this::finish);
    metrics.registerInFlight(inFlight::size);
  }

  /**
   * Restores the state a previous run left: the decisions its audit records mark as done, the
   * cooldowns of the pods it moved, and the intents without a final audit record, which go back in
   * flight. Call once, before the first {@link #handle}.
   */
  public void recover(List<ActionAudit> history, Instant now) {
    AuditHistory replayed = AuditHistory.of(history);
    executed.addAll(replayed.executedDecisions());
    replayed.cooldowns().forEach(cooldowns::restore);

    int resumed = 0;
    for (EvictionIntent intent : cluster.intents(config.namespace())) {
      if (executed.contains(intent.decisionId()) || inFlight.contains(intent.decisionId())) {
        continue;
      }
      inFlight.add(EvictionProgress.resumed(intent, now));
      resumed++;
      log.info("Resuming eviction of pod {}/{} for decision {}, recorded at {} without a final audit record",
          intent.namespace(), intent.pod(), intent.decisionId(), intent.requestedTime());
    }
    log.info("Recovered {} executed decisions, {} pod cooldowns and {} evictions in flight",
        replayed.executedDecisions().size(), replayed.cooldowns().size(), resumed);
  }

  /** Handles one decision read from the decisions topic. */
  public void handle(RescheduleDecision decision, Instant now) {
    String id = decision.getDecisionId();
    if (executed.contains(id) || inFlight.contains(id)) {
      String state = executed.contains(id) ? "was executed before" : "is being executed";
      write(Audits.forDecision(decision, ActionOutcome.ALREADY_DONE, "Decision " + id + " " + state
          + "; this copy has no further effect", null, Map.of(), now));
      metrics.decision("already-done", "none");
      log.debug("Decision {} {}; ignoring this copy", id, state);
      return;
    }

    GateVerdict verdict = gates.check(decision, now);
    if (!verdict.passed()) {
      skip(decision, verdict, now);
      return;
    }

    EvictionIntent intent = new EvictionIntent(id, decision.getNamespace(), decision.getPod(),
        decision.getPodUid(), decision.getFogService(), verdict.details().getOrDefault("location", ""),
        decision.getFromNode(), verdict.prediction().targetNode(), decision.getStrategy().name(), now);
    if (!cluster.recordIntent(intent)) {
      // An earlier run recorded it and its state was lost, so the intent's own state decides.
      log.warn("Decision {} already has an eviction intent in the cluster; resuming it", id);
      inFlight.add(EvictionProgress.resumed(intent, now));
      return;
    }
    audit.info("Decision {}: {}", id, verdict.reason());
    InFlightEviction eviction = new InFlightEviction(intent, now);
    inFlight.add(eviction);
    step(eviction, now);
  }

  /** Runs the due steps of the evictions in flight: retries and replacement checks. */
  public void runDue(Instant now) {
    for (InFlightEviction eviction : inFlight.due(now)) {
      step(eviction, now);
    }
    cooldowns.prune(now);
  }

  public int inFlightCount() {
    return inFlight.size();
  }

  /**
   * Runs one step and keeps the eviction in flight when the step fails, such as on an unreachable
   * API, so that the next due run retries it.
   */
  private void step(InFlightEviction eviction, Instant now) {
    try {
      progress.step(eviction, now);
    } catch (RuntimeException e) {
      eviction.nextCheck = now.plus(config.evictionRetryBackoffInitial());
      log.warn("Step of decision {} for pod {}/{} failed; retrying in {} ms", eviction.decisionId(),
          eviction.intent.namespace(), eviction.intent.pod(), config.evictionRetryBackoffInitial().toMillis(), e);
    }
  }

  private void skip(RescheduleDecision decision, GateVerdict verdict, Instant now) {
    Map<String, String> details = new LinkedHashMap<>(verdict.details());
    details.put(Audits.GATE, verdict.gate().tag());
    boolean dryRun = verdict.gate() == Gate.DRY_RUN;
    ActionOutcome outcome = dryRun ? ActionOutcome.DRY_RUN : ActionOutcome.SKIPPED;
    String toNode = verdict.prediction() == null ? null : verdict.prediction().targetNode();

    write(Audits.forDecision(decision, outcome, verdict.reason(), toNode, details, now));
    executed.add(decision.getDecisionId());
    metrics.decision(dryRun ? "dry-run" : "skipped", verdict.gate().tag());
    audit.info("Decision {} {} at gate {}: {}", decision.getDecisionId(), dryRun ? "recorded" : "skipped",
        verdict.gate().tag(), verdict.reason());
  }

  /** Writes the final audit record of an eviction and releases its in-flight slot. */
  private void finish(InFlightEviction eviction, ActionAudit record) {
    write(record);
    executed.add(eviction.decisionId());
    inFlight.remove(eviction.decisionId());
    String gate = record.getDetails().getOrDefault(Audits.GATE, "none");
    metrics.decision(record.getOutcome().name().toLowerCase().replace('_', '-'), gate);
    audit.info("Decision {} finished {}: {}", eviction.decisionId(), record.getOutcome(), record.getReason());
  }

  private void write(ActionAudit record) {
    sink.write(record);
  }
}
