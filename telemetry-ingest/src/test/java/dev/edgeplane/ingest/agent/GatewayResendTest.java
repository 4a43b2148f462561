package dev.edgeplane.ingest.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import dev.edgeplane.ingest.agent.internal.EventBuffer;
import dev.edgeplane.ingest.agent.internal.GatewaySender;
import dev.edgeplane.ingest.agent.internal.PendingEvent;
import dev.edgeplane.ingest.agent.internal.SendLoop;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Buffering and resending against a fake gateway on 127.0.0.1 that fails and recovers. */
class GatewayResendTest {

    private static final Duration AT_MOST = Duration.ofSeconds(20);

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final List<AutoCloseable> toClose = new ArrayList<>();
    private EventBuffer buffer;

    @AfterEach
    void closeAll() throws Exception {
        for (int i = toClose.size() - 1; i >= 0; i--) {
            toClose.get(i).close();
        }
    }

    /** Creates the buffer; events added before {@link #startSending} are all there for the first batch. */
    private EventBuffer newBuffer(int capacity) {
        buffer = new EventBuffer(capacity, "agent-edge-1", 1_000);
        return buffer;
    }

    private SendLoop startSending(int port, int batch, String token, Duration maxBackoff) {
        GatewaySender sender = new GatewaySender(URI.create("http://127.0.0.1:" + port + "/v1/telemetry"), "agent-edge-1",
                token, Duration.ofSeconds(5), Clock.systemUTC());
        SendLoop loop = new SendLoop(buffer, sender, batch, Duration.ofMillis(20), Duration.ofMillis(50), maxBackoff,
                meters);
        loop.start();
        toClose.add(loop);
        return loop;
    }

    private SendLoop startSending(int port, int batch, String token) {
        return startSending(port, batch, token, Duration.ofMillis(400));
    }

    private FakeGateway gateway(int port) throws IOException {
        FakeGateway gateway = FakeGateway.start(port);
        toClose.add(0, gateway);
        return gateway;
    }

    private List<String> addLinks(int count) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ids.add(buffer.add(SampleTelemetry.link("edge-" + (i + 2), 1_000 + i)).id());
        }
        return ids;
    }

    private double counter(String name, String tag, String value) {
        return meters.counter(name, tag, value).count();
    }

    @Test
    void outageThenRecoveryStoresEachEventOnce() throws Exception {
        int port = freePort();
        newBuffer(1_000);
        List<String> ids = addLinks(30);
        startSending(port, 7, "");

        // Nothing listens yet: every attempt fails and the events stay buffered.
        await().atMost(AT_MOST).until(() -> meters.counter("edgeplane.agent.send.retries").count() >= 2);
        assertThat(buffer.size()).isEqualTo(30);

        // The gateway comes up busy, then loses the response to one stored batch.
        FakeGateway gateway = gateway(port).unavailableFor(2, "0").loseAnswers(1);
        await().atMost(AT_MOST).until(() -> buffer.size() == 0);

        assertThat(gateway.storedIds()).containsExactlyInAnyOrderElementsOf(ids);
        assertThat(gateway.storedIds()).doesNotHaveDuplicates();
        assertThat(gateway.duplicatesAnswered()).isEqualTo(7);
        // The batch whose response got lost was stored at once, so its resend comes back as 7 duplicates.
        assertThat(counter("edgeplane.agent.events.sent", "outcome", "accepted")).isEqualTo(23.0);
        assertThat(counter("edgeplane.agent.events.sent", "outcome", "duplicate")).isEqualTo(7.0);
        assertThat(buffer.dropped()).isZero();
    }

    @Test
    void retryAfterIsHonoured() throws Exception {
        FakeGateway gateway = gateway(0).unavailableFor(1, "1");
        newBuffer(100);
        addLinks(3);
        long start = System.nanoTime();
        startSending(gateway.port(), 10, "", Duration.ofSeconds(5));

        await().atMost(AT_MOST).until(() -> buffer.size() == 0);

        // The first attempt got 503 with Retry-After: 1, so the second came at least a second later.
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
        assertThat(gateway.requests()).isEqualTo(2);
        assertThat(gateway.storedIds()).hasSize(3);
    }

    @Test
    void rejectedEventsAreDroppedAndCounted() throws Exception {
        FakeGateway gateway = gateway(0).rejectWhen(event -> event.get("targetNode").asText().equals("edge-4"));
        newBuffer(100);
        List<String> ids = addLinks(5);
        startSending(gateway.port(), 10, "");

        await().atMost(AT_MOST).until(() -> buffer.size() == 0);

        assertThat(gateway.storedIds()).containsExactly(ids.get(0), ids.get(1), ids.get(3), ids.get(4));
        assertThat(counter("edgeplane.agent.events.dropped", "reason", "rejected")).isEqualTo(1.0);
        assertThat(counter("edgeplane.agent.events.sent", "outcome", "accepted")).isEqualTo(4.0);
    }

    @Test
    void batchWhollyRejectedWith400() throws Exception {
        FakeGateway gateway = gateway(0).rejectWhen(event -> true);
        newBuffer(100);
        addLinks(4);
        startSending(gateway.port(), 10, "");

        await().atMost(AT_MOST).until(() -> buffer.size() == 0);

        assertThat(gateway.storedIds()).isEmpty();
        assertThat(gateway.requests()).isEqualTo(1);
        assertThat(counter("edgeplane.agent.events.dropped", "reason", "rejected")).isEqualTo(4.0);
    }

    @Test
    void tooLargeBatchIsSplit() throws Exception {
        FakeGateway gateway = gateway(0).maxEvents(3);
        int port = gateway.port();
        gateway.close();
        newBuffer(100);
        List<String> ids = addLinks(20);
        startSending(port, 20, "");
        gateway = gateway(port).maxEvents(3);

        await().atMost(AT_MOST).until(() -> buffer.size() == 0);

        assertThat(gateway.storedIds()).containsExactlyElementsOf(ids);
        for (JsonNode body : gateway.bodies()) {
            assertThat(body.get("events").size()).isLessThanOrEqualTo(3);
        }
    }

    @Test
    void fullBufferDropsOldestAndCountsThem() throws Exception {
        int port = freePort();
        newBuffer(10);
        List<String> ids = addLinks(25);
        assertThat(buffer.dropped()).isEqualTo(15);
        assertThat(buffer.size()).isEqualTo(10);

        FakeGateway gateway = gateway(port);
        startSending(port, 5, "");
        await().atMost(AT_MOST).until(() -> buffer.size() == 0);

        assertThat(gateway.storedIds()).containsExactlyElementsOf(ids.subList(15, 25));
    }

    @Test
    void bearerTokenIsSent() throws Exception {
        FakeGateway gateway = gateway(0).requireToken("s3cret");
        newBuffer(10);
        addLinks(2);
        startSending(gateway.port(), 5, "s3cret");

        await().atMost(AT_MOST).until(() -> buffer.size() == 0);

        assertThat(gateway.authorizations()).containsOnly("Bearer s3cret");
        assertThat(gateway.storedIds()).hasSize(2);
    }

    @Test
    void wrongTokenKeepsEvents() throws Exception {
        FakeGateway gateway = gateway(0).requireToken("s3cret");
        newBuffer(10);
        addLinks(2);
        startSending(gateway.port(), 5, "wrong");

        await().atMost(AT_MOST).until(() -> meters.counter("edgeplane.agent.send.retries").count() >= 2);

        assertThat(buffer.size()).isEqualTo(2);
        assertThat(gateway.storedIds()).isEmpty();
    }

    @Test
    void batchFollowsTheJsonContract() throws Exception {
        FakeGateway gateway = gateway(0);
        newBuffer(10);
        PendingEvent link = buffer.add(SampleTelemetry.link("edge-2", 812.5));
        PendingEvent node = buffer.add(SampleTelemetry.node(1.25));
        PendingEvent replica = buffer.add(SampleTelemetry.replica("camera-a"));
        startSending(gateway.port(), 5, "");

        await().atMost(AT_MOST).until(() -> buffer.size() == 0);

        JsonNode body = gateway.bodies().get(0);
        assertThat(body.get("source").get("kind").asText()).isEqualTo("EDGE_AGENT");
        assertThat(body.get("source").get("id").asText()).isEqualTo("agent-edge-1");
        JsonNode events = body.get("events");
        assertThat(events.get(0).get("type").asText()).isEqualTo("link-latency");
        assertThat(events.get(0).get("id").asText()).isEqualTo(link.id()).startsWith("agent-edge-1:");
        assertThat(events.get(0).get("protocol").asText()).isEqualTo("UDP");
        assertThat(events.get(0).get("rttMicros").asDouble()).isEqualTo(812.5);
        assertThat(events.get(0).get("jitterMicros").isNull()).isTrue();
        assertThat(events.get(0).get("eventTime").asLong()).isEqualTo(SampleTelemetry.TIME.toEpochMilli());
        assertThat(events.get(0).has("receiveTime")).isFalse();
        assertThat(events.get(0).has("source")).isFalse();
        assertThat(events.get(1).get("type").asText()).isEqualTo("node-metrics");
        assertThat(events.get(1).get("id").asText()).isEqualTo(node.id());
        assertThat(events.get(1).get("memoryCapacityBytes").asLong()).isEqualTo(8_000_000_000L);
        assertThat(events.get(2).get("type").asText()).isEqualTo("replica-metrics");
        assertThat(events.get(2).get("id").asText()).isEqualTo(replica.id());
        assertThat(events.get(2).get("serviceMetrics").isObject()).isTrue();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
