package dev.edgeplane.scheduler.executor.internal;

import dev.edgeplane.event.audit.ActionAudit;
import dev.edgeplane.event.audit.ActionKind;
import dev.edgeplane.event.audit.ActionOutcome;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The state in the executor's earlier audit records: which decisions are done, and the cooldowns of
 * the replacement pods they made. Records of other actors and kinds, and ALREADY_DONE records, are
 * ignored.
 *
 * @param executedDecisions ids of the decisions with a final audit record
 * @param cooldowns move history per replacement pod uid
 */
record AuditHistory(Set<String> executedDecisions, Map<String, PodCooldowns.Entry> cooldowns) {

  static AuditHistory of(List<ActionAudit> records) {
    Set<String> executed = new HashSet<>();
    Map<String, PodCooldowns.Entry> cooldowns = new HashMap<>();
    for (ActionAudit record : records) {
      if (!Audits.ACTOR.equals(record.getActor()) || record.getKind() != ActionKind.EVICTION) {
        continue;
      }
      // A copy of a decision still in flight also gets ALREADY_DONE, so it proves nothing finished.
      if (record.getOutcome() == ActionOutcome.ALREADY_DONE) {
        continue;
      }
      executed.add(record.getDecisionId());
      if (record.getOutcome() == ActionOutcome.SUCCEEDED) {
        putCooldown(record, cooldowns);
      }
    }
    return new AuditHistory(executed, cooldowns);
  }

  private static void putCooldown(ActionAudit record, Map<String, PodCooldowns.Entry> cooldowns) {
    Map<String, String> details = record.getDetails();
    String replacement = details.get(Audits.REPLACEMENT_UID);
    String moves = details.get(Audits.MOVES);
    String until = details.get(Audits.COOLDOWN_UNTIL);
    if (replacement == null || moves == null || until == null) {
      return;
    }
    try {
      PodCooldowns.Entry entry = new PodCooldowns.Entry(Integer.parseInt(moves), record.getActionTime(),
          Instant.parse(until));
      cooldowns.merge(replacement, entry, (a, b) -> b.lastMove().isAfter(a.lastMove()) ? b : a);
    } catch (NumberFormatException | DateTimeException e) {
      // A record this version did not write; its decision still counts as executed.
    }
  }
}
