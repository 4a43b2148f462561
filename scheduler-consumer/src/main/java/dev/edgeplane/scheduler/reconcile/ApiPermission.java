package dev.edgeplane.scheduler.reconcile;

import java.util.List;

/**
 * One Kubernetes API permission a component needs: API group ({@code ""} for the core group),
 * resource (with {@code /subresource} where it applies) and verb, as an RBAC rule names them.
 */
public record ApiPermission(String group, String resource, String verb) {

  /**
   * Every call the FogService controller makes. Informers list and watch; the status writer and the
   * finalizer code get on a 409; the owner reference on each pod sets {@code blockOwnerDeletion},
   * which needs update on {@code fogservices/finalizers} where the OwnerReferencesPermissionEnforcement
   * admission plugin runs.
   */
  public static final List<ApiPermission> FOGSERVICE_CONTROLLER = List.of(
      new ApiPermission("edgeplane.dev", "fogservices", "get"),
      new ApiPermission("edgeplane.dev", "fogservices", "list"),
      new ApiPermission("edgeplane.dev", "fogservices", "watch"),
      new ApiPermission("edgeplane.dev", "fogservices", "update"),
      new ApiPermission("edgeplane.dev", "fogservices/status", "update"),
      new ApiPermission("edgeplane.dev", "fogservices/finalizers", "update"),
      new ApiPermission("", "pods", "list"),
      new ApiPermission("", "pods", "watch"),
      new ApiPermission("", "pods", "create"),
      new ApiPermission("", "pods", "delete"),
      new ApiPermission("", "nodes", "list"),
      new ApiPermission("", "nodes", "watch"));

  /** Every call the inventory publisher makes: its informers list and watch, nothing else. */
  public static final List<ApiPermission> INVENTORY_PUBLISHER = List.of(
      new ApiPermission("edgeplane.dev", "fogservices", "list"),
      new ApiPermission("edgeplane.dev", "fogservices", "watch"),
      new ApiPermission("", "pods", "list"),
      new ApiPermission("", "pods", "watch"),
      new ApiPermission("", "nodes", "list"),
      new ApiPermission("", "nodes", "watch"));

  /**
   * Every call the scheduler makes: informers list and watch nodes and pods, a failed binding gets
   * its node again, bindings go through {@code pods/binding}, Events record decisions, and the
   * leader election gets, creates and updates its Lease.
   */
  public static final List<ApiPermission> SCHEDULER = List.of(
      new ApiPermission("", "nodes", "get"),
      new ApiPermission("", "nodes", "list"),
      new ApiPermission("", "nodes", "watch"),
      new ApiPermission("", "pods", "list"),
      new ApiPermission("", "pods", "watch"),
      new ApiPermission("", "pods/binding", "create"),
      new ApiPermission("", "events", "create"),
      new ApiPermission("coordination.k8s.io", "leases", "get"),
      new ApiPermission("coordination.k8s.io", "leases", "create"),
      new ApiPermission("coordination.k8s.io", "leases", "update"));
}
