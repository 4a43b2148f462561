package dev.edgeplane.k8ssim.internal;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResourceList;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.Headers;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.util.Optional;
import java.util.function.Function;

/**
 * Reads and writes the mock server's store by handing synthetic requests straight to its CRUD
 * dispatcher. A dispatcher must not call its own server over HTTP, because the server waits for the
 * dispatcher to return before it serves the nested request, so the two block each other.
 */
final class StoreAccess {

  private final Function<RecordedRequest, MockResponse> store;

  StoreAccess(Function<RecordedRequest, MockResponse> store) {
    this.store = store;
  }

  /** Returns the resource at the path, or empty when the store has none. */
  <T extends HasMetadata> Optional<T> get(String path, Class<T> type) {
    MockResponse response = send(HttpMethod.GET, path, null);
    if (response.code() == 404) {
      return Optional.empty();
    }
    requireSuccess(response, "GET", path);
    return Optional.of(Serialization.unmarshal(body(response), type));
  }

  /** Returns the list at the path, such as every PodDisruptionBudget of a namespace. */
  <L extends KubernetesResourceList<?>> L list(String path, Class<L> type) {
    MockResponse response = send(HttpMethod.GET, path, null);
    requireSuccess(response, "GET", path);
    return Serialization.unmarshal(body(response), type);
  }

  /** Replaces the resource at the path; the response is 409 when its resourceVersion is stale. */
  MockResponse put(String path, HasMetadata resource) {
    return send(HttpMethod.PUT, path, Serialization.asJson(resource));
  }

  MockResponse delete(String path) {
    return send(HttpMethod.DELETE, path, null);
  }

  private MockResponse send(HttpMethod method, String path, String json) {
    Headers headers = Headers.builder().add("Content-Type", "application/json").build();
    Buffer body = new Buffer();
    if (json != null) {
      body.writeUtf8(json);
    }
    return store.apply(new RecordedRequest("HTTP/1.1", method, path, headers, body));
  }

  static String body(MockResponse response) {
    return response.getBody() == null ? "" : new String(response.getBody().getBytes(),
        java.nio.charset.StandardCharsets.UTF_8);
  }

  private static void requireSuccess(MockResponse response, String method, String path) {
    if (response.code() >= 300) {
      throw new IllegalStateException("Simulated API store returned " + response.code() + " for "
          + method + " " + path + ": " + body(response));
    }
  }
}
