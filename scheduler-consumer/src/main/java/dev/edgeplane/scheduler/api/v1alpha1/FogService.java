package dev.edgeplane.scheduler.api.v1alpha1;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Singular;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * A location-bound workload: how many replicas of a pod template run at which city locations, on
 * nodes with which capabilities, with which real-time needs, dependencies and service metrics.
 *
 * <p>The FogService controller owns the pods of a FogService directly, so that it, not a
 * ReplicaSet, decides what replaces an evicted pod. The CRD in {@code infra/k8s/crds} is generated
 * from this class and the types it refers to.
 */
@Group(FogService.GROUP)
@Version(FogService.VERSION)
@Plural(FogService.PLURAL)
@Singular("fogservice")
@ShortNames("fogsvc")
@AdditionalPrinterColumn(name = "Desired", jsonPath = ".status.replicas",
    type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(name = "Ready", jsonPath = ".status.readyReplicas",
    type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(name = "Status", jsonPath = ".status.conditions[?(@.type==\"Ready\")].reason",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Critical", jsonPath = ".spec.critical",
    type = AdditionalPrinterColumn.Type.BOOLEAN)
@AdditionalPrinterColumn(name = "Realtime", jsonPath = ".spec.realtime.policy",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Runtime", jsonPath = ".spec.runtime.kind",
    type = AdditionalPrinterColumn.Type.STRING, priority = 1)
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp",
    type = AdditionalPrinterColumn.Type.DATE)
public class FogService extends CustomResource<FogServiceSpec, FogServiceStatus> implements Namespaced {

  public static final String GROUP = "edgeplane.dev";
  public static final String VERSION = "v1alpha1";
  public static final String PLURAL = "fogservices";

  private static final long serialVersionUID = 1L;

  @Override
  protected FogServiceStatus initStatus() {
    return new FogServiceStatus();
  }
}
