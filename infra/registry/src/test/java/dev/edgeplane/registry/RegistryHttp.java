package dev.edgeplane.registry;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** A small HTTP client for tests that calls a registry and parses its JSON responses. */
final class RegistryHttp {

    static final String V1_JSON = "application/vnd.schemaregistry.v1+json";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final String baseUrl;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    RegistryHttp(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    /** A response: status, body text, parsed JSON (null if the body is not JSON) and Content-Type. */
    record Reply(int status, String body, JsonNode json, String contentType) {
        int errorCode() {
            return json.path("error_code").asInt(-1);
        }

        String message() {
            return json.path("message").asText();
        }
    }

    Reply get(String path) {
        return send(HttpRequest.newBuilder(uri(path)).GET());
    }

    Reply delete(String path) {
        return send(HttpRequest.newBuilder(uri(path)).DELETE());
    }

    Reply post(String path, String body) {
        return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", V1_JSON).POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    Reply post(String path, String body, String contentType) {
        return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    Reply put(String path, String body) {
        return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", V1_JSON).PUT(HttpRequest.BodyPublishers.ofString(body)));
    }

    /** Registers {@code schema} under {@code subject} and returns the id, failing on any error. */
    int register(String subject, String schema) {
        Reply reply = post("/subjects/" + subject + "/versions", schemaBody(schema));
        if (reply.status() != 200) {
            throw new AssertionError("Registering under " + subject + " failed: " + reply.status() + " " + reply.body());
        }
        return reply.json().get("id").asInt();
    }

    /** Sets the compatibility level of {@code subject}, failing on any error. */
    void setLevel(String subject, String level) {
        Reply reply = put("/config/" + subject, "{\"compatibility\":\"" + level + "\"}");
        if (reply.status() != 200) {
            throw new AssertionError("Setting level " + level + " on " + subject + " failed: " + reply.body());
        }
    }

    /** Returns {@code {"schema": "<schema as a JSON string>"}}. */
    static String schemaBody(String schema) {
        return MAPPER.createObjectNode().put("schema", schema).toString();
    }

    private URI uri(String path) {
        return URI.create(baseUrl + path);
    }

    private Reply send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = client.send(request.timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
            JsonNode json;
            try {
                json = MAPPER.readTree(response.body());
            } catch (IOException e) {
                json = null;
            }
            return new Reply(response.statusCode(), response.body(), json, response.headers().firstValue("Content-Type").orElse(null));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
