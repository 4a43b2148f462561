package dev.edgeplane.scheduler.executor.internal;

import dev.edgeplane.event.audit.ActionAudit;
import dev.edgeplane.event.audit.ActionOutcome;
import java.util.ArrayList;
import java.util.List;

/** An {@link AuditSink} that keeps the records in a list, durable at once. */
final class ListAuditSink implements AuditSink {

  private final List<ActionAudit> records = new ArrayList<>();

  @Override
  public void write(ActionAudit audit) {
    records.add(audit);
  }

  @Override
  public void flush() {
  }

  List<ActionAudit> records() {
    return List.copyOf(records);
  }

  /** Returns the records that end a decision: every outcome but ALREADY_DONE. */
  List<ActionAudit> finals() {
    return records.stream().filter(r -> r.getOutcome() != ActionOutcome.ALREADY_DONE).toList();
  }
}
