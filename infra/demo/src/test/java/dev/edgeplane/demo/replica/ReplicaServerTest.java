package dev.edgeplane.demo.replica;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ReplicaServerTest {

    private static final String NODE = "edge-1";

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private ScheduledExecutorService delays;
    private ReplicaBehaviour behaviour;
    private ReplicaServer server;

    @BeforeEach
    void start() {
        delays = Executors.newScheduledThreadPool(1);
        behaviour = new ReplicaBehaviour(Duration.ofMillis(20), Duration.ZERO);
        server = ReplicaServer.start("city/camera-0", NODE, behaviour, delays);
    }

    @AfterEach
    void stop() {
        server.close();
        delays.shutdownNow();
    }

    @Test
    void healthyReplicaAnswersAfterBaseLatency() throws Exception {
        long took = timeRequest();

        assertThat(took).isGreaterThanOrEqualTo(20);
        assertThat(server.requestsServed()).isEqualTo(1);
        assertThat(server.requestsFailed()).isZero();
    }

    @Test
    void linkAndInjectedLatencyAddUp() throws Exception {
        behaviour.setLinkLatency(NODE, Duration.ofMillis(30));
        behaviour.injectLatency(NODE, Duration.ofMillis(150));

        long took = timeRequest();

        assertThat(behaviour.profileOf(NODE).fixedDelay()).isEqualTo(Duration.ofMillis(200));
        assertThat(took).isGreaterThanOrEqualTo(200);
    }

    @Test
    void otherNodesKeepTheirProfile() {
        behaviour.injectLatency(NODE, Duration.ofMillis(150));

        assertThat(behaviour.profileOf("edge-2").fixedDelay()).isEqualTo(Duration.ofMillis(20));
    }

    @Test
    void errorRatioOneAnswersServerError() throws Exception {
        behaviour.setErrorRatio(NODE, 1.0);

        assertThat(get().statusCode()).isEqualTo(500);
        assertThat(server.requestsFailed()).isEqualTo(1);
    }

    @Test
    void errorRatioZeroAnswersOk() throws Exception {
        HttpResponse<String> response = get();

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("\"pod\":\"city/camera-0\"").contains("\"node\":\"edge-1\"");
    }

    @Test
    void stoppedReplicaRefusesConnections() throws Exception {
        int port = server.port();
        server.pause();

        assertThat(server.isListening()).isFalse();
        assertThatThrownBy(this::get).isInstanceOf(ConnectException.class);

        server.resume();

        assertThat(server.port()).isEqualTo(port);
        assertThat(get().statusCode()).isEqualTo(200);
    }

    @Test
    void serverStartedOnStoppedNodeDoesNotListen() {
        behaviour.setStopped("edge-9", true);

        try (ReplicaServer stopped = ReplicaServer.start("city/camera-9", "edge-9", behaviour, delays)) {
            assertThat(stopped.isListening()).isFalse();
        }
    }

    @Test
    void invalidErrorRatioRejected() {
        assertThatThrownBy(() -> behaviour.setErrorRatio(NODE, 1.5))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Invalid errorRatio 1.5: give a ratio from 0.0 to 1.0");
    }

    @Test
    void negativeLatencyRejected() {
        assertThatThrownBy(() -> behaviour.injectLatency(NODE, Duration.ofMillis(-1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Invalid injectedLatency PT-0.001S");
    }

    private long timeRequest() throws IOException, InterruptedException {
        long start = System.nanoTime();
        assertThat(get().statusCode()).isEqualTo(200);
        return (System.nanoTime() - start) / 1_000_000;
    }

    private HttpResponse<String> get() throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://" + server.address() + "/")).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
