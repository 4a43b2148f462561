package dev.edgeplane.lb.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Prometheus endpoint over real HTTP on 127.0.0.1. */
class MetricsHttpServerTest {

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final HttpClient client = HttpClient.newHttpClient();
    private MetricsHttpServer server;

    @BeforeEach
    void start() {
        server = MetricsHttpServer.start("127.0.0.1", 0, registry);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void servesRegistryInTextFormat() throws Exception {
        registry.counter("edgeplane.lb.plans").increment(3);

        HttpResponse<String> response = get("/metrics", "GET");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type ->
                assertThat(type).startsWith("text/plain; version=0.0.4"));
        assertThat(response.body()).containsPattern("(?m)^edgeplane_lb_plans_total 3");
    }

    @Test
    void otherPathIsNotFound() throws Exception {
        HttpResponse<String> response = get("/metrics/extra", "GET");

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.body()).contains("/metrics");
    }

    @Test
    void postIsNotAllowed() throws Exception {
        HttpResponse<String> response = get("/metrics", "POST");

        assertThat(response.statusCode()).isEqualTo(405);
        assertThat(response.headers().firstValue("Allow")).hasValue("GET");
    }

    private HttpResponse<String> get(String path, String method) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .method(method, HttpRequest.BodyPublishers.noBody()).build();
        return client.send(request, HttpResponse.BodyHandlers.ofString());
    }
}
