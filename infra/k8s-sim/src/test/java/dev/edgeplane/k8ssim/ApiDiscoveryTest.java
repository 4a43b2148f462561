package dev.edgeplane.k8ssim;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionBuilder;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Checks both forms of API discovery that the simulated API serves, over plain HTTP. */
class ApiDiscoveryTest {

  private static final String AGGREGATED_ACCEPT = "application/json;g=apidiscovery.k8s.io;v=v2;"
      + "as=APIGroupDiscoveryList,application/json";

  private static SimulatedKubernetes kubernetes;
  private static final JsonMapper JSON = JsonMapper.builder().build();

  @BeforeAll
  static void startApi() {
    kubernetes = SimulatedKubernetes.start();
    kubernetes.client().apiextensions().v1().customResourceDefinitions().resource(new CustomResourceDefinitionBuilder()
        .withNewMetadata().withName("widgets.example.dev").endMetadata()
        .withNewSpec().withGroup("example.dev").withScope("Cluster")
        .withNewNames().withKind("Widget").withPlural("widgets").withSingular("widget").endNames()
        .addNewVersion().withName("v1beta1").withServed(true).withStorage(true)
        .withNewSubresources().withNewStatus().endStatus().endSubresources().endVersion()
        .addNewVersion().withName("v1alpha1").withServed(false).withStorage(false).endVersion()
        .endSpec()
        .build()).create();
  }

  @AfterAll
  static void stopApi() {
    kubernetes.close();
  }

  @Test
  void coreVersionsListV1() throws Exception {
    JsonNode versions = get("/api", "application/json");

    assertThat(versions.path("kind").asString()).isEqualTo("APIVersions");
    assertThat(texts(versions.path("versions"))).containsExactly("v1");
  }

  @Test
  void groupListHasBuiltInAndCustomGroups() throws Exception {
    JsonNode groups = get("/apis", "application/json");

    assertThat(groups.path("kind").asString()).isEqualTo("APIGroupList");
    List<String> names = new ArrayList<>();
    groups.path("groups").forEach(g -> names.add(g.path("name").asString()));
    assertThat(names).contains("apiextensions.k8s.io", "coordination.k8s.io", "discovery.k8s.io", "policy",
        "example.dev");
  }

  @Test
  void coreResourcesIncludeEvictionSubresource() throws Exception {
    JsonNode resources = get("/api/v1", "application/json");

    assertThat(resources.path("groupVersion").asString()).isEqualTo("v1");
    JsonNode eviction = resource(resources, "pods/eviction");
    assertThat(eviction.path("group").asString()).isEqualTo("policy");
    assertThat(eviction.path("kind").asString()).isEqualTo("Eviction");
    assertThat(resource(resources, "pods").path("namespaced").asBoolean()).isTrue();
    assertThat(resource(resources, "nodes").path("namespaced").asBoolean()).isFalse();
  }

  @Test
  void customGroupServesOnlyServedVersions() throws Exception {
    JsonNode group = get("/apis/example.dev", "application/json");
    JsonNode resources = get("/apis/example.dev/v1beta1", "application/json");

    assertThat(group.path("preferredVersion").path("groupVersion").asString()).isEqualTo("example.dev/v1beta1");
    assertThat(group.path("versions")).hasSize(1);
    assertThat(resource(resources, "widgets").path("kind").asString()).isEqualTo("Widget");
    assertThat(resource(resources, "widgets/status").path("kind").asString()).isEqualTo("Widget");
    assertThat(status("/apis/example.dev/v1alpha1")).isEqualTo(404);
    assertThat(status("/apis/unknown.example.dev")).isEqualTo(404);
  }

  @Test
  void aggregatedDiscoveryWhenAccepted() throws Exception {
    HttpResponse<String> response = send("/apis", AGGREGATED_ACCEPT);

    assertThat(response.header("Content-Type")).isEqualTo(
        "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList");
    JsonNode list = JSON.readTree(response.body());
    assertThat(list.path("kind").asString()).isEqualTo("APIGroupDiscoveryList");
    JsonNode widgets = null;
    for (JsonNode group : list.path("items")) {
      if (group.path("metadata").path("name").asString().equals("example.dev")) {
        widgets = group.path("versions").get(0).path("resources").get(0);
      }
    }
    assertThat(widgets).isNotNull();
    assertThat(widgets.path("resource").asString()).isEqualTo("widgets");
    assertThat(widgets.path("scope").asString()).isEqualTo("Cluster");
    assertThat(widgets.path("subresources").get(0).path("subresource").asString()).isEqualTo("status");
  }

  @Test
  void aggregatedCoreGroupHasPods() throws Exception {
    JsonNode list = JSON.readTree(send("/api", AGGREGATED_ACCEPT).body());

    assertThat(list.path("items")).hasSize(1);
    List<String> resources = new ArrayList<>();
    list.path("items").get(0).path("versions").get(0).path("resources")
        .forEach(r -> resources.add(r.path("resource").asString()));
    assertThat(resources).contains("pods", "nodes", "events", "namespaces");
  }

  @Test
  void resourcePathsStillServeObjects() throws Exception {
    kubernetes.addNode(SimulatedNode.builder("edge-1").location("intersection-7").tier("edge").build());

    JsonNode nodes = get("/api/v1/nodes", "application/json");

    assertThat(nodes.path("items").get(0).path("kind").asString()).isEqualTo("Node");
  }

  private static JsonNode resource(JsonNode list, String name) {
    for (JsonNode resource : list.path("resources")) {
      if (resource.path("name").asString().equals(name)) {
        return resource;
      }
    }
    throw new AssertionError("No resource " + name + " in " + list);
  }

  private static List<String> texts(JsonNode array) {
    List<String> texts = new ArrayList<>();
    array.forEach(node -> texts.add(node.asString()));
    return texts;
  }

  private static JsonNode get(String path, String accept) throws Exception {
    HttpResponse<String> response = send(path, accept);
    assertThat(response.code()).as("status of GET %s", path).isEqualTo(200);
    return JSON.readTree(response.body());
  }

  private static int status(String path) throws Exception {
    return send(path, "application/json").code();
  }

  private static HttpResponse<String> send(String path, String accept) throws Exception {
    // The simulated API's own client, so that closing the API closes its connections too.
    URI uri = URI.create(kubernetes.masterUrl().replaceAll("/$", "") + path);
    HttpRequest request = kubernetes.client().getHttpClient().newHttpRequestBuilder().uri(uri)
        .header("Accept", accept).build();
    return kubernetes.client().getHttpClient().sendAsync(request, String.class).get(10, TimeUnit.SECONDS);
  }
}
