package dev.edgeplane.scheduler.schedule.internal;

import dev.edgeplane.event.audit.ActionAudit;
import dev.edgeplane.event.audit.ActionKind;
import dev.edgeplane.event.audit.ActionOutcome;
import dev.edgeplane.scheduler.schedule.NodeScore;
import dev.edgeplane.scheduler.schedule.Prediction;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes one {@link ActionAudit} per scheduling decision, keyed by its decision id, to the audit
 * topic and the audit logger: a binding that succeeded or failed, or a pod skipped as
 * unschedulable. The details name the filter reasons per plugin and the per-plugin scores of the
 * best nodes, so an operator can see why a node won.
 *
 * <p>Thread-safe; sends do not block beyond the producer's buffer. The producer may be null, and
 * then only the audit logger gets the records. The caller owns the producer.
 */
public final class DecisionAuditor {

  public static final String ACTOR = "edgeplane-scheduler";

  private static final Logger log = LoggerFactory.getLogger(DecisionAuditor.class);
  private static final Logger audit = LoggerFactory.getLogger("dev.edgeplane.audit.scheduler");

  private final Producer<String, ActionAudit> producer;
  private final String topic;
  private final int maxNodes;
  private final Counter sendFailures;

  public DecisionAuditor(Producer<String, ActionAudit> producer, String topic, int maxNodes, MeterRegistry registry) {
    this.producer = producer;
    this.topic = topic;
    this.maxNodes = maxNodes;
    this.sendFailures = Counter.builder("edgeplane.scheduler.audit.send.failures")
        .description("Audit records the producer could not write; the audit logger still has them")
        .register(registry);
  }

  /** Records the outcome of one decision. {@code node} is the chosen node, or null when none fitted. */
  public void record(String decisionId, PodInfo pod, Prediction prediction, ActionOutcome outcome, String reason,
      String node) {
    ActionAudit record = ActionAudit.newBuilder()
        .setDecisionId(decisionId)
        .setActionTime(Instant.now())
        .setActor(ACTOR)
        .setKind(ActionKind.BINDING)
        .setOutcome(outcome)
        .setReason(reason)
        .setNamespace(pod.namespace())
        .setTarget(pod.name())
        .setToNode(node)
        .setDetails(details(prediction))
        .build();
    audit.info("decision={} pod={} outcome={} node={} reason=\"{}\"", decisionId, pod.key(), outcome, node, reason);
    if (producer == null) {
      return;
    }
    try {
      producer.send(new ProducerRecord<>(topic, decisionId, record), (metadata, error) -> {
        if (error != null) {
          failed(decisionId, pod, error);
        }
      });
    } catch (RuntimeException e) {
      // Serialization fails here, before the callback, for example while the registry is down.
      failed(decisionId, pod, e);
    }
  }

  private void failed(String decisionId, PodInfo pod, Exception error) {
    sendFailures.increment();
    log.warn("Could not write audit record of decision {} for pod {} to {}: {}; the audit logger has it",
        decisionId, pod.key(), topic, error.toString());
  }

  /** Returns the details: node counts, fallbacks, filter reasons per plugin and scores of the best nodes. */
  Map<String, String> details(Prediction prediction) {
    Map<String, String> details = new LinkedHashMap<>();
    details.put("nodes.total", Integer.toString(prediction.nodes()));
    details.put("nodes.feasible", Integer.toString(prediction.scores().size()));
    if (!prediction.fallbacks().isEmpty()) {
      details.put("fallbacks", String.join(",", prediction.fallbacks()));
    }
    prediction.filtered().forEach((plugin, reasons) -> reasons.forEach((reason, count) ->
        details.put("filtered." + plugin + "." + reason.replace(' ', '-'), Integer.toString(count))));
    List<NodeScore> best = prediction.scores().subList(0, Math.min(maxNodes, prediction.scores().size()));
    for (NodeScore score : best) {
      StringBuilder value = new StringBuilder(String.format(Locale.ROOT, "total=%.1f", score.total()));
      score.plugins().entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e ->
          value.append(String.format(Locale.ROOT, " %s=%.1f", e.getKey(), e.getValue())));
      details.put("score." + score.node(), value.toString());
    }
    return details;
  }
}
