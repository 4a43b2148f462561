package dev.edgeplane.schemas.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

/** Retries, timeouts, fail-over and credentials of the client, against scripted HTTP servers. */
class RegistryTransportTest {

    private static final String STRING_SCHEMA = "{\"schema\":\"\\\"string\\\"\"}";
    private static final String SERVER_ERROR = "{\"error_code\":50001,\"message\":\"Error in the backend data store\"}";

    @Test
    void serverErrorIsRetriedWithBackoff() throws Exception {
        try (StubRegistry stub = StubRegistry.http(StubRegistry.Scripted.of(500, SERVER_ERROR), StubRegistry.Scripted.of(200, STRING_SCHEMA))) {
            RestSchemaRegistryClient client = client(stub.url(), Map.of("retries.wait.ms", "200"));

            Schema schema = client.getSchemaById(7);

            assertThat(schema.getType()).isEqualTo(Schema.Type.STRING);
            List<StubRegistry.Received> received = stub.received();
            assertThat(received).hasSize(2);
            assertThat(received.get(0).path()).isEqualTo("/schemas/ids/7");
            long waitedMillis = TimeUnit.NANOSECONDS.toMillis(received.get(1).nanos() - received.get(0).nanos());
            assertThat(waitedMillis).as("waited retries.wait.ms before the retry").isGreaterThanOrEqualTo(200);
        }
    }

    @Test
    void retriesAreBoundedAndReportLastError() throws Exception {
        try (StubRegistry stub = StubRegistry.http(StubRegistry.Scripted.of(503, SERVER_ERROR))) {
            RestSchemaRegistryClient client = client(stub.url(), Map.of("max.retries", "2", "retries.wait.ms", "10"));

            assertThatThrownBy(() -> client.getSchemaById(7))
                    .isInstanceOfSatisfying(SchemaRegistryException.class, e -> {
                        assertThat(e.status()).isEqualTo(503);
                        assertThat(e.errorCode()).isEqualTo(50001);
                        assertThat(e.getMessage()).contains("3 rounds").contains("Error in the backend data store");
                    });
            assertThat(stub.received()).hasSize(3);
        }
    }

    @Test
    void unauthorizedIsNotRetried() throws Exception {
        try (StubRegistry stub = StubRegistry.http(StubRegistry.Scripted.of(401, "{\"error_code\":401,\"message\":\"Unauthorized\"}"))) {
            RestSchemaRegistryClient client = client(stub.url(), Map.of("basic.auth.user.info", "edge:wrong"));

            assertThatThrownBy(() -> client.getSchemaById(7))
                    .isInstanceOfSatisfying(SchemaRegistryException.class, e -> {
                        assertThat(e.status()).isEqualTo(401);
                        assertThat(e.errorCode()).isEqualTo(401);
                        assertThat(e.getMessage()).contains("Unauthorized").contains("basic.auth.user.info");
                    });
            assertThat(stub.received()).hasSize(1);
            assertThat(stub.received().get(0).authorization()).isEqualTo(basic("edge:wrong"));
        }
    }

    @Test
    void notFoundIsNotRetried() throws Exception {
        try (StubRegistry stub = StubRegistry.http(StubRegistry.Scripted.of(404, "{\"error_code\":40403,\"message\":\"Schema 7 not found\"}"))) {
            RestSchemaRegistryClient client = client(stub.url(), Map.of());

            assertThatThrownBy(() -> client.getSchemaById(7))
                    .isInstanceOfSatisfying(SchemaRegistryException.class, e -> assertThat(e.errorCode()).isEqualTo(40403));
            assertThat(stub.received()).hasSize(1);
        }
    }

    @Test
    void slowResponseTimesOutAndIsRetried() throws Exception {
        StubRegistry.Scripted slow = new StubRegistry.Scripted(200, STRING_SCHEMA, Duration.ofSeconds(2));
        try (StubRegistry stub = StubRegistry.http(slow, StubRegistry.Scripted.of(200, STRING_SCHEMA))) {
            RestSchemaRegistryClient client = client(stub.url(), Map.of("schema.registry.request.timeout.ms", "300"));

            long start = System.nanoTime();
            assertThat(client.getSchemaById(7).getType()).isEqualTo(Schema.Type.STRING);

            assertThat(stub.received()).hasSize(2);
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(1_500);
        }
    }

    @Test
    void nextUrlIsTriedWhenOneIsDown() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        try (StubRegistry stub = StubRegistry.http(StubRegistry.Scripted.of(200, STRING_SCHEMA))) {
            RestSchemaRegistryClient client = client("http://127.0.0.1:" + closedPort + "," + stub.url(), Map.of("max.retries", "0"));

            assertThat(client.getSchemaById(7).getType()).isEqualTo(Schema.Type.STRING);
            assertThat(client.getSchemaById(8).getType()).isEqualTo(Schema.Type.STRING);
            assertThat(stub.received()).hasSize(2);
        }
    }

    @Test
    void unreachableRegistryFailsWithStatusZero() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        RestSchemaRegistryClient client = client("http://127.0.0.1:" + closedPort, Map.of("max.retries", "1"));

        assertThatThrownBy(() -> client.getSchemaById(7))
                .isInstanceOfSatisfying(SchemaRegistryException.class, e -> {
                    assertThat(e.status()).isZero();
                    assertThat(e.errorCode()).isZero();
                    assertThat(e.getMessage()).contains("127.0.0.1:" + closedPort).contains("2 rounds");
                });
    }

    @Test
    void credentialsComeFromUrlUserInfo() throws Exception {
        try (StubRegistry stub = StubRegistry.http(StubRegistry.Scripted.of(200, STRING_SCHEMA))) {
            String url = stub.url().replace("http://", "http://edge:s%40cret@");
            RestSchemaRegistryClient client = client(url, Map.of("basic.auth.credentials.source", "URL"));

            client.getSchemaById(7);

            assertThat(stub.received().get(0).authorization()).isEqualTo(basic("edge:s@cret"));
        }
    }

    @Test
    void invalidSettingsNameTheKey() {
        assertThatThrownBy(() -> new RestSchemaRegistryClient(Map.of("schema.registry.url", "ftp://example")))
                .hasMessageContaining("schema.registry.url").hasMessageContaining("http://");
        assertThatThrownBy(() -> new RestSchemaRegistryClient(Map.of()))
                .hasMessageContaining("schema.registry.url");
        assertThatThrownBy(() -> client("http://127.0.0.1:1", Map.of("basic.auth.user.info", "no-colon")))
                .hasMessageContaining("basic.auth.user.info");
        assertThatThrownBy(() -> client("http://127.0.0.1:1", Map.of("basic.auth.credentials.source", "URL")))
                .hasMessageContaining("user info");
    }

    static RestSchemaRegistryClient client(String urls, Map<String, String> overrides) {
        Map<String, Object> configs = new HashMap<>();
        configs.put("schema.registry.url", urls);
        configs.put("retries.wait.ms", "10");
        configs.put("some.serde.setting", "ignored");
        configs.putAll(overrides);
        return new RestSchemaRegistryClient(configs);
    }

    private static String basic(String userInfo) {
        return "Basic " + Base64.getEncoder().encodeToString(userInfo.getBytes(StandardCharsets.UTF_8));
    }
}
