package dev.edgeplane.k8ssim.internal;

import dev.edgeplane.k8ssim.internal.ApiResource.Subresource;
import dev.edgeplane.k8ssim.internal.DiscoveryCatalog.ApiGroup;
import io.fabric8.kubernetes.api.model.APIGroup;
import io.fabric8.kubernetes.api.model.APIGroupBuilder;
import io.fabric8.kubernetes.api.model.APIGroupListBuilder;
import io.fabric8.kubernetes.api.model.APIResource;
import io.fabric8.kubernetes.api.model.APIResourceBuilder;
import io.fabric8.kubernetes.api.model.APIResourceListBuilder;
import io.fabric8.kubernetes.api.model.APIVersionsBuilder;
import io.fabric8.kubernetes.api.model.GroupVersionForDiscovery;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.http.MockResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Responds to API discovery requests as a real API server does, in both forms kubectl reads:
 *
 * <ul>
 *   <li>aggregated discovery ({@code apidiscovery.k8s.io/v2}), one document for {@code /api} and
 *       one for {@code /apis}, when the {@code Accept} header requests it, as kubectl 1.30 and
 *       later do;</li>
 *   <li>otherwise the older per-group documents: {@code APIVersions} at {@code /api},
 *       {@code APIGroupList} at {@code /apis}, {@code APIGroup} at {@code /apis/<group>} and
 *       {@code APIResourceList} at {@code /api/v1} and {@code /apis/<group>/<version>}.</li>
 * </ul>
 *
 * <p>The mock server's CRUD dispatcher alone returns stored objects for these paths, so kubectl
 * could not map a resource name such as {@code pods} to its path.
 */
final class DiscoveryResponder {

  /** The content type of an aggregated discovery document, from which the client learns its form. */
  static final String AGGREGATED_TYPE = "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList";

  private final DiscoveryCatalog catalog;

  DiscoveryResponder(DiscoveryCatalog catalog) {
    this.catalog = catalog;
  }

  /**
   * Returns the discovery response for a GET of {@code path}, or empty when the path is not a
   * discovery path.
   *
   * @param accept the request's {@code Accept} header, or null
   * @param host the request's {@code Host} header, or null
   */
  Optional<MockResponse> maybeRespond(String path, String accept, String host) {
    String[] segments = segments(path);
    boolean aggregated = accept != null && accept.replace(" ", "").contains(
        "g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList");

    if (segments.length == 1 && segments[0].equals("api")) {
      return Optional.of(aggregated ? aggregated(true) : json(200, coreVersions(host)));
    }
    if (segments.length == 1 && segments[0].equals("apis")) {
      return Optional.of(aggregated ? aggregated(false) : json(200, groupList()));
    }
    if (segments.length == 2 && segments[0].equals("api")) {
      return Optional.of(resourceList("", segments[1]));
    }
    if (segments.length == 2 && segments[0].equals("apis")) {
      return Optional.of(group(segments[1]));
    }
    if (segments.length == 3 && segments[0].equals("apis")) {
      return Optional.of(resourceList(segments[1], segments[2]));
    }
    return Optional.empty();
  }

  private static String[] segments(String path) {
    int query = path.indexOf('?');
    String bare = query < 0 ? path : path.substring(0, query);
    String trimmed = bare.replaceAll("^/+|/+$", "");
    return trimmed.isEmpty() ? new String[0] : trimmed.split("/");
  }

  private Object coreVersions(String host) {
    APIVersionsBuilder versions = new APIVersionsBuilder().withVersions("v1");
    if (host != null) {
      versions.addNewServerAddressByClientCIDR("0.0.0.0/0", host);
    }
    return versions.build();
  }

  private Object groupList() {
    APIGroupListBuilder list = new APIGroupListBuilder();
    for (ApiGroup group : catalog.groups()) {
      if (!group.name().isEmpty()) {
        list.addToGroups(apiGroup(group));
      }
    }
    return list.build();
  }

  private MockResponse group(String name) {
    return catalog.groups().stream()
        .filter(g -> g.name().equals(name) && !name.isEmpty())
        .findFirst()
        .map(g -> json(200, apiGroup(g)))
        .orElseGet(() -> notFound("/apis/" + name));
  }

  private static APIGroup apiGroup(ApiGroup group) {
    List<GroupVersionForDiscovery> versions = group.versions().stream()
        .map(v -> new GroupVersionForDiscovery(group.name() + "/" + v, v))
        .toList();
    return new APIGroupBuilder().withName(group.name()).withVersions(versions)
        .withPreferredVersion(versions.get(0)).build();
  }

  private MockResponse resourceList(String group, String version) {
    List<ApiResource> resources = catalog.resources(group, version);
    if (resources.isEmpty()) {
      return notFound(group.isEmpty() ? "/api/" + version : "/apis/" + group + "/" + version);
    }
    List<APIResource> entries = new ArrayList<>();
    for (ApiResource resource : resources) {
      entries.add(new APIResourceBuilder()
          .withName(resource.plural()).withSingularName(resource.singular()).withKind(resource.kind())
          .withNamespaced(resource.namespaced()).withVerbs(resource.verbs())
          .withShortNames(resource.shortNames().isEmpty() ? null : resource.shortNames())
          .withCategories(resource.categories().isEmpty() ? null : resource.categories())
          .build());
      for (Subresource subresource : resource.subresources()) {
        APIResourceBuilder entry = new APIResourceBuilder()
            .withName(resource.plural() + "/" + subresource.name()).withSingularName("")
            .withKind(subresource.kind()).withNamespaced(resource.namespaced()).withVerbs(subresource.verbs());
        if (!subresource.group().equals(group) || !subresource.version().equals(version)) {
          entry.withGroup(subresource.group()).withVersion(subresource.version());
        }
        entries.add(entry.build());
      }
    }
    String groupVersion = group.isEmpty() ? version : group + "/" + version;
    return json(200, new APIResourceListBuilder().withGroupVersion(groupVersion).withResources(entries).build());
  }

  /** Builds an {@code APIGroupDiscoveryList} of the core group or of every other group. */
  private MockResponse aggregated(boolean core) {
    List<Map<String, Object>> items = new ArrayList<>();
    List<ApiResource> resources = catalog.resources();
    for (ApiGroup group : catalog.groups()) {
      if (group.name().isEmpty() != core) {
        continue;
      }
      List<Map<String, Object>> versions = new ArrayList<>();
      for (String version : group.versions()) {
        List<Map<String, Object>> entries = resources.stream()
            .filter(r -> r.group().equals(group.name()) && r.version().equals(version))
            .map(DiscoveryResponder::aggregatedResource)
            .toList();
        versions.add(ordered("version", version, "resources", entries, "freshness", "Current"));
      }
      items.add(ordered("metadata", Map.of("name", group.name()), "versions", versions));
    }
    Map<String, Object> list = ordered("kind", "APIGroupDiscoveryList", "apiVersion", "apidiscovery.k8s.io/v2",
        "metadata", Map.of(), "items", items);
    return new MockResponse().setResponseCode(200).setHeader("Content-Type", AGGREGATED_TYPE)
        .setBody(Serialization.asJson(list));
  }

  private static Map<String, Object> aggregatedResource(ApiResource resource) {
    Map<String, Object> entry = ordered("resource", resource.plural(),
        "responseKind", kind(resource.group(), resource.version(), resource.kind()),
        "scope", resource.namespaced() ? "Namespaced" : "Cluster",
        "singularResource", resource.singular(),
        "verbs", resource.verbs());
    if (!resource.shortNames().isEmpty()) {
      entry.put("shortNames", resource.shortNames());
    }
    if (!resource.categories().isEmpty()) {
      entry.put("categories", resource.categories());
    }
    if (!resource.subresources().isEmpty()) {
      entry.put("subresources", resource.subresources().stream()
          .map(s -> ordered("subresource", s.name(), "responseKind", kind(s.group(), s.version(), s.kind()),
              "verbs", s.verbs()))
          .toList());
    }
    return entry;
  }

  private static Map<String, Object> kind(String group, String version, String kind) {
    return ordered("group", group, "version", version, "kind", kind);
  }

  private static Map<String, Object> ordered(Object... keysAndValues) {
    Map<String, Object> map = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      map.put((String) keysAndValues[i], keysAndValues[i + 1]);
    }
    return map;
  }

  private static MockResponse notFound(String path) {
    return StatusResponses.failure(404, "NotFound", "the server could not find the requested resource at " + path);
  }

  private static MockResponse json(int code, Object body) {
    return new MockResponse().setResponseCode(code).setHeader("Content-Type", "application/json")
        .setBody(Serialization.asJson(body));
  }
}
