package dev.edgeplane.lb.act.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.edgeplane.lb.decide.Endpoint;
import dev.edgeplane.lb.decide.EndpointInput;
import dev.edgeplane.lb.decide.LinkLatencyTable;
import dev.edgeplane.lb.decide.ReplicaObservation;
import dev.edgeplane.lb.decide.ServiceInput;
import dev.edgeplane.lb.decide.ServiceKey;
import dev.edgeplane.lb.decide.ServicePlan;
import dev.edgeplane.lb.decide.WeightPlanner;
import dev.edgeplane.lb.decide.WeightPlannerConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class WeightsHttpServerTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final LinkLatencyTable LINKS = LinkLatencyTable.builder()
            .clientNodes(List.of("node-a", "node-b"))
            .rtt("node-a", "node-b", 10, 0)
            .rtt("node-b", "node-a", 10, 0)
            .build();

    private static final WeightsStore STORE = new WeightsStore();
    private static final HttpClient CLIENT = HttpClient.newHttpClient();
    private static WeightsHttpServer server;

    // On JDK 17 stopping the JDK's HTTP server takes about a second, so the class shares one.
    @BeforeAll
    static void startServer() {
        STORE.put(plan("web", 0));
        STORE.put(plan("api", 0));
        server = WeightsHttpServer.start(WeightsHttpConfig.from(Map.of(
                WeightsHttpConfig.PORT, 0, WeightsHttpConfig.STOP_TIMEOUT_MS, 0L)), STORE);
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    @Test
    void listsEveryService() throws Exception {
        HttpResponse<String> response = get("/v1/weights");

        JsonNode services = MAPPER.readTree(response.body()).get("services");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).contains("application/json");
        assertThat(services).extracting(service -> service.get("service").asText()).containsExactly("api", "web");
    }

    @Test
    void servesOneServiceForOneNode() throws Exception {
        HttpResponse<String> response = get("/v1/weights/default/web?node=node-a");

        JsonNode service = MAPPER.readTree(response.body());
        JsonNode weights = service.get("nodes").get("node-a");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(service.get("generation").asLong()).isEqualTo(1);
        assertThat(service.get("nodes").size()).isEqualTo(1);
        assertThat(weights.get(0).get("address").asText()).isEqualTo("10.0.0.1:8080");
        // The endpoint on node-a is 10 ms closer to node-a, so it costs 10 ms against 20 ms.
        assertThat(weights.get(0).get("weight").asDouble()).isEqualTo(0.8);
        assertThat(service.get("endpoints").get(1).get("state").asText()).isEqualTo("ACTIVE");
    }

    @Test
    void unknownServiceIsNotFound() throws Exception {
        HttpResponse<String> response = get("/v1/weights/default/nope");

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(MAPPER.readTree(response.body()).get("error").asText())
                .isEqualTo("Service default/nope has no weights: it does not exist or has not been planned yet");
    }

    @Test
    void unknownNodeIsNotFound() throws Exception {
        HttpResponse<String> response = get("/v1/weights/default/web?node=node-z");

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.body()).contains("has no weights for node 'node-z'");
    }

    @Test
    void invalidPathAndQueryAreRejected() throws Exception {
        assertThat(get("/v1/weights/default/web/extra").statusCode()).isEqualTo(404);
        assertThat(get("/v1/weights?color=red").statusCode()).isEqualTo(400);
        assertThat(get("/v1/weightsx").statusCode()).isEqualTo(404);
    }

    @Test
    void postIsNotAllowed() throws Exception {
        HttpRequest request = HttpRequest.newBuilder(uri("/v1/weights"))
                .POST(HttpRequest.BodyPublishers.ofString("{}"))
                .build();

        HttpResponse<String> response = CLIENT.send(request, HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(405);
        assertThat(response.headers().firstValue("Allow")).contains("GET");
    }

    @Test
    void olderPlanDoesNotReplaceNewer() {
        WeightPlanner planner = new WeightPlanner(WeightPlannerConfig.defaults());
        ServicePlan first = planner.plan(input("web", 0), LINKS, 0);
        ServicePlan second = planner.plan(input("web", 1_000), LINKS, 1_000);
        WeightsStore store = new WeightsStore();

        store.put(second);
        store.put(first);

        assertThat(store.get(new ServiceKey("default", "web"))).containsSame(second);
    }

    private static ServicePlan plan(String name, long nowMs) {
        return new WeightPlanner(WeightPlannerConfig.defaults()).plan(input(name, nowMs), LINKS, nowMs);
    }

    private static ServiceInput input(String name, long nowMs) {
        return new ServiceInput(new ServiceKey("default", name), List.of(
                new EndpointInput(new Endpoint(name + "-a", "node-a", "10.0.0.1", 8080, true),
                        new ReplicaObservation(10, 10, 0.0, 0, 100, 1_000, nowMs)),
                new EndpointInput(new Endpoint(name + "-b", "node-b", "10.0.0.2", 8080, true),
                        new ReplicaObservation(10, 10, 0.0, 0, 100, 1_000, nowMs))));
    }

    private static HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return CLIENT.send(HttpRequest.newBuilder(uri(path)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private static URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.port() + path);
    }
}
