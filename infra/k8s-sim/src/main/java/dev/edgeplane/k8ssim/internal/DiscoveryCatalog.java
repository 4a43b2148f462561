package dev.edgeplane.k8ssim.internal;

import dev.edgeplane.k8ssim.internal.ApiResource.Subresource;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionList;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionNames;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The resources the simulated API advertises through discovery: the built-in resources Edgeplane
 * and kubectl use, and every served version of the CustomResourceDefinitions in the store, read
 * on each request so that a CRD created later shows up at once.
 */
final class DiscoveryCatalog {

  static final String CRD_PATH = "/apis/apiextensions.k8s.io/v1/customresourcedefinitions";

  private static final List<String> STATUS_VERBS = List.of("get", "patch", "update");
  private static final List<String> NONE = List.of();
  private static final List<Subresource> NO_SUBRESOURCES = List.of();

  /**
   * Built-in resources, in the order a real API server lists its groups. NOTE: the store accepts
   * any path, so resources missing here still work through the fabric8 client; only kubectl's
   * resource names depend on this list.
   */
  private static final List<ApiResource> BUILT_IN = List.of(
      new ApiResource("", "v1", "bindings", "binding", "Binding", true, List.of("create"), NONE, NONE, NO_SUBRESOURCES),
      new ApiResource("", "v1", "configmaps", "configmap", "ConfigMap", true, ApiResource.ALL_VERBS,
          List.of("cm"), NONE, NO_SUBRESOURCES),
      new ApiResource("", "v1", "endpoints", "endpoints", "Endpoints", true, ApiResource.ALL_VERBS,
          List.of("ep"), NONE, NO_SUBRESOURCES),
      new ApiResource("", "v1", "events", "event", "Event", true, ApiResource.ALL_VERBS, List.of("ev"), NONE, NO_SUBRESOURCES),
      new ApiResource("", "v1", "namespaces", "namespace", "Namespace", false,
          List.of("create", "delete", "get", "list", "patch", "update", "watch"), List.of("ns"), NONE,
          List.of(new Subresource("status", "", "v1", "Namespace", STATUS_VERBS))),
      new ApiResource("", "v1", "nodes", "node", "Node", false, ApiResource.ALL_VERBS, List.of("no"), NONE,
          List.of(new Subresource("status", "", "v1", "Node", STATUS_VERBS))),
      new ApiResource("", "v1", "pods", "pod", "Pod", true, ApiResource.ALL_VERBS, List.of("po"), List.of("all"),
          List.of(new Subresource("binding", "", "v1", "Binding", List.of("create")),
              new Subresource("eviction", "policy", "v1", "Eviction", List.of("create")),
              new Subresource("status", "", "v1", "Pod", STATUS_VERBS))),
      new ApiResource("", "v1", "serviceaccounts", "serviceaccount", "ServiceAccount", true, ApiResource.ALL_VERBS,
          List.of("sa"), NONE, NO_SUBRESOURCES),
      new ApiResource("", "v1", "services", "service", "Service", true, ApiResource.ALL_VERBS, List.of("svc"),
          List.of("all"), List.of(new Subresource("status", "", "v1", "Service", STATUS_VERBS))),
      new ApiResource("apiextensions.k8s.io", "v1", "customresourcedefinitions", "customresourcedefinition",
          "CustomResourceDefinition", false, ApiResource.ALL_VERBS, List.of("crd", "crds"), List.of("api-extensions"),
          List.of(new Subresource("status", "apiextensions.k8s.io", "v1", "CustomResourceDefinition",
              STATUS_VERBS))),
      new ApiResource("coordination.k8s.io", "v1", "leases", "lease", "Lease", true, ApiResource.ALL_VERBS, NONE,
          NONE, NO_SUBRESOURCES),
      new ApiResource("discovery.k8s.io", "v1", "endpointslices", "endpointslice", "EndpointSlice", true,
          ApiResource.ALL_VERBS, NONE, NONE, NO_SUBRESOURCES),
      new ApiResource("node.k8s.io", "v1", "runtimeclasses", "runtimeclass", "RuntimeClass", false,
          ApiResource.ALL_VERBS, NONE, NONE, NO_SUBRESOURCES),
      new ApiResource("policy", "v1", "poddisruptionbudgets", "poddisruptionbudget", "PodDisruptionBudget", true,
          ApiResource.ALL_VERBS, List.of("pdb"), NONE,
          List.of(new Subresource("status", "policy", "v1", "PodDisruptionBudget", STATUS_VERBS))));

  private final StoreAccess store;

  DiscoveryCatalog(StoreAccess store) {
    this.store = store;
  }

  /** Returns every advertised resource: the built-in ones, then those of the stored CRDs. */
  List<ApiResource> resources() {
    List<ApiResource> resources = new ArrayList<>(BUILT_IN);
    for (CustomResourceDefinition crd : store.list(CRD_PATH, CustomResourceDefinitionList.class).getItems()) {
      resources.addAll(customResources(crd));
    }
    return resources;
  }

  /** Returns the groups in order of first appearance, with their versions in order. */
  List<ApiGroup> groups() {
    List<ApiGroup> groups = new ArrayList<>();
    for (ApiResource resource : resources()) {
      Optional<ApiGroup> known = groups.stream().filter(g -> g.name().equals(resource.group())).findFirst();
      ApiGroup group = known.orElseGet(() -> {
        ApiGroup added = new ApiGroup(resource.group(), new ArrayList<>());
        groups.add(added);
        return added;
      });
      if (!group.versions().contains(resource.version())) {
        group.versions().add(resource.version());
      }
    }
    return groups;
  }

  /** Returns the resources of one group version, empty when it is not served. */
  List<ApiResource> resources(String group, String version) {
    return resources().stream().filter(r -> r.group().equals(group) && r.version().equals(version)).toList();
  }

  /**
   * An API group with its versions, the first preferred. NOTE: for a CRD the preferred version is
   * the first served one in the CRD's order, while a real API server ranks versions by name
   * (v1 before v1beta1 before v1alpha1).
   */
  record ApiGroup(String name, List<String> versions) {
  }

  private static List<ApiResource> customResources(CustomResourceDefinition crd) {
    CustomResourceDefinitionNames names = crd.getSpec().getNames();
    boolean namespaced = "Namespaced".equals(crd.getSpec().getScope());
    String singular = names.getSingular() == null ? names.getKind().toLowerCase(java.util.Locale.ROOT)
        : names.getSingular();
    List<ApiResource> resources = new ArrayList<>();
    for (CustomResourceDefinitionVersion version : crd.getSpec().getVersions()) {
      if (!Boolean.TRUE.equals(version.getServed())) {
        continue;
      }
      List<Subresource> subresources = new ArrayList<>();
      if (version.getSubresources() != null && version.getSubresources().getStatus() != null) {
        subresources.add(new Subresource("status", crd.getSpec().getGroup(), version.getName(), names.getKind(),
            STATUS_VERBS));
      }
      if (version.getSubresources() != null && version.getSubresources().getScale() != null) {
        subresources.add(new Subresource("scale", "autoscaling", "v1", "Scale", STATUS_VERBS));
      }
      resources.add(new ApiResource(crd.getSpec().getGroup(), version.getName(), names.getPlural(), singular,
          names.getKind(), namespaced, ApiResource.ALL_VERBS, orEmpty(names.getShortNames()),
          orEmpty(names.getCategories()), subresources));
    }
    return resources;
  }

  private static List<String> orEmpty(List<String> values) {
    return values == null ? List.of() : values;
  }
}
