package dev.edgeplane.scheduler.reconcile.internal;

/** Brings one resource, named by its {@code namespace/name} key, to its desired state. */
@FunctionalInterface
public interface Reconciler {

  /**
   * Reconciles the resource; may block on API calls. Throws on any failure, after which the key is
   * retried with back-off.
   */
  ReconcileResult reconcile(String key) throws Exception;
}
