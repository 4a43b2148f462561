package dev.edgeplane.scheduler.executor.internal;

import dev.edgeplane.event.audit.ActionAudit;

/**
 * The destination of the executor's audit records: the audit topic in production, a list in tests.
 * Called from the executor thread only.
 */
public interface AuditSink {

  /** Queues the record for writing; may return before it is durable. */
  void write(ActionAudit audit);

  /** Blocks until every queued record is durable, and throws if one failed. */
  void flush();
}
