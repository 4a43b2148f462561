package dev.edgeplane.ingest.agent.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CountDownLatch;

import com.sun.net.httpserver.HttpServer;
import dev.edgeplane.event.telemetry.ReplicaMetrics;
import dev.edgeplane.ingest.agent.ReplicaTarget;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Replica probes against an HTTP server on 127.0.0.1 with fast, slow, failing and hanging endpoints. */
class ReplicaProberTest {

    private static final Duration AT_MOST = Duration.ofSeconds(10);

    private HttpServer server;
    private final CountDownLatch release = new CountDownLatch(1);
    private final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T08:00:00Z"));
    private final HttpClient client = HttpClient.newHttpClient();

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        server.createContext("/ok", exchange -> {
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        server.createContext("/slow", exchange -> {
            sleep(200);
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        server.createContext("/fail", exchange -> {
            exchange.sendResponseHeaders(503, -1);
            exchange.close();
        });
        server.createContext("/hang", exchange -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stopServer() {
        release.countDown();
        server.stop(0);
    }

    private ReplicaTarget replica(String pod, String path) {
        return new ReplicaTarget("city", pod, "video-analytics",
                URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path));
    }

    private ReplicaProber prober(ReplicaTarget... replicas) {
        return new ReplicaProber("edge-1", "agent-edge-1", List.of(replicas), client, Duration.ofSeconds(2), clock);
    }

    @Test
    void healthyAndSlowReplicas() {
        ReplicaProber prober = prober(replica("camera-a", "/ok"), replica("camera-b", "/slow"));
        for (int i = 0; i < 4; i++) {
            prober.probeAll();
        }
        await().atMost(AT_MOST).until(() -> prober.inFlight() == 0);
        clock.advance(Duration.ofSeconds(2));

        List<ReplicaMetrics> events = prober.report();

        ReplicaMetrics fast = events.get(0);
        ReplicaMetrics slow = events.get(1);
        assertThat(fast.getPod()).isEqualTo("camera-a");
        assertThat(fast.getNode()).isEqualTo("edge-1");
        assertThat(fast.getFogService()).isEqualTo("video-analytics");
        assertThat(fast.getIntervalMs()).isEqualTo(2_000);
        assertThat(fast.getRequestRate()).isCloseTo(2.0, within(1e-9));
        assertThat(fast.getErrorRate()).isZero();
        assertThat(fast.getInFlight()).isZero();
        assertThat(fast.getLatencyP50Ms()).isPositive();
        assertThat(slow.getLatencyP50Ms()).isGreaterThanOrEqualTo(200.0);
        assertThat(slow.getLatencyP99Ms()).isGreaterThanOrEqualTo(slow.getLatencyP50Ms());
    }

    @Test
    void errorStatusCountsAsError() {
        ReplicaProber prober = prober(replica("camera-c", "/fail"));
        prober.probeAll();
        prober.probeAll();
        await().atMost(AT_MOST).until(() -> prober.inFlight() == 0);
        clock.advance(Duration.ofSeconds(1));

        ReplicaMetrics event = prober.report().get(0);

        assertThat(event.getRequestRate()).isCloseTo(2.0, within(1e-9));
        assertThat(event.getErrorRate()).isCloseTo(2.0, within(1e-9));
        assertThat(event.getLatencyP50Ms()).isNotNull();
    }

    @Test
    void refusedConnectionIsErrorWithoutLatency() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        ReplicaProber prober = prober(new ReplicaTarget("city", "camera-d", "video-analytics",
                URI.create("http://127.0.0.1:" + closedPort + "/ok")));
        prober.probeAll();
        await().atMost(AT_MOST).until(() -> prober.inFlight() == 0);
        clock.advance(Duration.ofSeconds(1));

        ReplicaMetrics event = prober.report().get(0);

        assertThat(event.getRequestRate()).isCloseTo(1.0, within(1e-9));
        assertThat(event.getErrorRate()).isCloseTo(1.0, within(1e-9));
        assertThat(event.getLatencyP50Ms()).isNull();
    }

    @Test
    void hangingRequestIsInFlight() {
        ReplicaProber prober = prober(replica("camera-e", "/hang"));
        prober.probeAll();
        clock.advance(Duration.ofSeconds(1));

        ReplicaMetrics event = prober.report().get(0);

        assertThat(event.getInFlight()).isEqualTo(1);
        assertThat(event.getRequestRate()).isZero();
        assertThat(event.getLatencyP50Ms()).isNull();
    }

    @Test
    void nearestRankPercentiles() {
        ResponseWindow window = new ResponseWindow();
        for (int i = 1; i <= 100; i++) {
            window.started();
            window.responded(i, false);
        }

        ResponseWindow.Snapshot snapshot = window.drain();

        assertThat(snapshot.percentile(0.50)).isEqualTo(50.0);
        assertThat(snapshot.percentile(0.95)).isEqualTo(95.0);
        assertThat(snapshot.percentile(0.99)).isEqualTo(99.0);
        assertThat(window.drain().percentile(0.5)).isNull();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A clock the test moves forward by hand. */
    private static final class MutableClock extends Clock {
        private volatile Instant now;

        MutableClock(Instant start) {
            now = start;
        }

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
