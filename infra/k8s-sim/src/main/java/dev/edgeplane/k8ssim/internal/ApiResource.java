package dev.edgeplane.k8ssim.internal;

import java.util.List;

/**
 * One resource as API discovery describes it.
 *
 * @param group API group, empty for the core group
 * @param version API version within the group, such as {@code v1}
 * @param plural the resource name in paths, such as {@code pods}
 * @param singular the singular name, such as {@code pod}
 * @param kind the kind of the objects, such as {@code Pod}
 * @param namespaced whether objects live in a namespace
 * @param verbs the request verbs the resource supports
 * @param shortNames abbreviations kubectl accepts, such as {@code po}
 * @param categories groups of resources kubectl expands, such as {@code all}
 * @param subresources subresources such as {@code status} or {@code eviction}
 */
record ApiResource(String group, String version, String plural, String singular, String kind, boolean namespaced,
    List<String> verbs, List<String> shortNames, List<String> categories, List<Subresource> subresources) {

  /** Verbs of a resource that supports every CRUD request and watches. */
  static final List<String> ALL_VERBS =
      List.of("create", "delete", "deletecollection", "get", "list", "patch", "update", "watch");

  /**
   * A subresource, such as {@code pods/eviction}, whose requests and responses may belong to
   * another group than its parent, as an {@code Eviction} belongs to {@code policy/v1}.
   */
  record Subresource(String name, String group, String version, String kind, List<String> verbs) {
  }

  ApiResource {
    verbs = List.copyOf(verbs);
    shortNames = List.copyOf(shortNames);
    categories = List.copyOf(categories);
    subresources = List.copyOf(subresources);
  }

  String groupVersion() {
    return group.isEmpty() ? version : group + "/" + version;
  }
}
