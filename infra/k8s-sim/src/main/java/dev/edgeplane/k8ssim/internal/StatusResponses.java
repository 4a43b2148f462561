package dev.edgeplane.k8ssim.internal;

import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.api.model.StatusCause;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.http.MockResponse;

/** Builds the {@code Status} responses a real API server sends for binding and eviction. */
final class StatusResponses {

  private StatusResponses() {
  }

  static MockResponse success(int code) {
    return respond(code, new StatusBuilder().withStatus("Success").withCode(code).build());
  }

  static MockResponse failure(int code, String reason, String message, StatusCause... causes) {
    Status status = new StatusBuilder()
        .withStatus("Failure")
        .withCode(code)
        .withReason(reason)
        .withMessage(message)
        .withNewDetails().withCauses(causes).endDetails()
        .build();
    return respond(code, status);
  }

  private static MockResponse respond(int code, Status status) {
    return new MockResponse()
        .setResponseCode(code)
        .setHeader("Content-Type", "application/json")
        .setBody(Serialization.asJson(status));
  }
}
