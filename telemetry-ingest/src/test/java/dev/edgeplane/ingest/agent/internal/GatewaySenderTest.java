package dev.edgeplane.ingest.agent.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import com.sun.net.httpserver.HttpServer;
import dev.edgeplane.event.telemetry.NodeMetrics;
import dev.edgeplane.event.telemetry.SourceKind;
import dev.edgeplane.event.telemetry.TelemetrySource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Responses that break the batch contract, from an HTTP server on 127.0.0.1 with one fixed response. */
class GatewaySenderTest {

    private HttpServer server;
    private GatewaySender sender;

    @AfterEach
    void stop() {
        if (sender != null) {
            sender.close();
        }
        if (server != null) {
            server.stop(0);
        }
    }

    private SendOutcome sendTwoEvents(int status, String body) throws IOException, InterruptedException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/v1/telemetry", exchange -> {
            exchange.getRequestBody().readAllBytes();
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        server.start();
        sender = new GatewaySender(URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/v1/telemetry"),
                "agent-edge-1", "", Duration.ofSeconds(5), Clock.systemUTC());
        return sender.send(List.of(new PendingEvent("agent-edge-1:1", metrics()), new PendingEvent("agent-edge-1:2", metrics())));
    }

    private static NodeMetrics metrics() {
        Instant time = Instant.parse("2026-03-01T08:00:00Z");
        return NodeMetrics.newBuilder().setNode("edge-1").setEventTime(time).setReceiveTime(time)
                .setSource(new TelemetrySource(SourceKind.EDGE_AGENT, "agent-edge-1"))
                .setCpuUsedCores(1).setCpuCapacityCores(2).setMemoryUsedBytes(1).setMemoryCapacityBytes(2)
                .setRtBandwidthUsedCpus(0).setRtBandwidthLimitCpus(null).setPodCount(0).build();
    }

    @Test
    void invalidJsonKeepsBatch() throws Exception {
        SendOutcome outcome = sendTwoEvents(200, "<html>proxy error</html>");

        assertThat(outcome.retry()).isTrue();
        assertThat(outcome.acknowledged()).isEmpty();
        assertThat(outcome.failure()).contains("invalid JSON");
    }

    @Test
    void badRequestWithoutListKeepsBatch() throws Exception {
        SendOutcome outcome = sendTwoEvents(400, "{\"error\":\"bad\"}");

        assertThat(outcome.retry()).isTrue();
        assertThat(outcome.rejected()).isEmpty();
    }

    @Test
    void outOfRangeIndexIsIgnored() throws Exception {
        SendOutcome outcome = sendTwoEvents(200, "{\"accepted\":1,\"duplicates\":0,\"rejected\":["
                + "{\"index\":1,\"field\":\"cpuUsedCores\",\"reason\":\"above capacity\"},{\"index\":7}]}");

        assertThat(outcome.acknowledged()).containsExactly("agent-edge-1:1");
        assertThat(outcome.rejected()).extracting(SendOutcome.Rejection::id).containsExactly("agent-edge-1:2");
        assertThat(outcome.rejected().get(0).field()).isEqualTo("cpuUsedCores");
        assertThat(outcome.retry()).isFalse();
    }

    @Test
    void overCountedDuplicatesAreClamped() throws Exception {
        SendOutcome outcome = sendTwoEvents(200, "{\"accepted\":0,\"duplicates\":9,\"rejected\":[]}");

        assertThat(outcome.acknowledged()).hasSize(2);
        assertThat(outcome.duplicates()).isEqualTo(2);
    }

    @Test
    void serverErrorKeepsBatch() throws Exception {
        SendOutcome outcome = sendTwoEvents(502, "");

        assertThat(outcome.retry()).isTrue();
        assertThat(outcome.retryAfter()).isNull();
        assertThat(outcome.failure()).contains("responded 502");
    }

    @Test
    void retryAfterAcceptsSecondsAndDates() {
        Instant now = Instant.parse("2026-03-01T08:00:00Z");

        assertThat(RetryAfter.parse("7", now)).isEqualTo(Duration.ofSeconds(7));
        assertThat(RetryAfter.parse("Sun, 01 Mar 2026 08:00:30 GMT", now)).isEqualTo(Duration.ofSeconds(30));
        assertThat(RetryAfter.parse("Sun, 01 Mar 2026 07:59:00 GMT", now)).isEqualTo(Duration.ZERO);
        assertThat(RetryAfter.parse("-3", now)).isNull();
        assertThat(RetryAfter.parse("soon", now)).isNull();
        assertThat(RetryAfter.parse(null, now)).isNull();
    }
}
