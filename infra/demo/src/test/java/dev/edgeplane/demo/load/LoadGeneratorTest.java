package dev.edgeplane.demo.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import dev.edgeplane.demo.replica.ReplicaBehaviour;
import dev.edgeplane.demo.replica.ReplicaServer;
import dev.edgeplane.event.lb.ServiceWeights;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class LoadGeneratorTest {

    private static final Duration AT_MOST = Duration.ofSeconds(30);

    private ScheduledExecutorService delays;
    private ReplicaBehaviour behaviour;
    private ReplicaServer fast;
    private ReplicaServer slow;

    @BeforeEach
    void startReplicas() {
        delays = Executors.newScheduledThreadPool(2);
        behaviour = new ReplicaBehaviour(Duration.ofMillis(2), Duration.ZERO);
        behaviour.injectLatency("edge-2", Duration.ofMillis(40));
        fast = ReplicaServer.start("city/camera-0", "edge-1", behaviour, delays);
        slow = ReplicaServer.start("city/camera-1", "edge-2", behaviour, delays);
    }

    @AfterEach
    void stopReplicas() {
        fast.close();
        slow.close();
        delays.shutdownNow();
    }

    @Test
    void sharesFollowPublishedWeights() {
        ServiceWeights weights = EndpointPickerTest.weights(Map.of(fast.address(), 0.8, slow.address(), 0.2));
        LoadReport report = run((namespace, service, node) -> Optional.of(weights), 250, 1_000);

        Map<String, Long> sent = report.sentPerEndpoint(Instant.MIN, Instant.MAX);
        long total = report.totalSent();

        assertThat(total).isGreaterThanOrEqualTo(1_000);
        assertThat(sent.get(fast.address()) / (double) total).isCloseTo(0.8, within(0.04));
        assertThat(sent.get(slow.address()) / (double) total).isCloseTo(0.2, within(0.04));
        assertThat(report.buckets().stream().mapToLong(LoadBucket::uniform).sum()).isZero();
        assertThat(fast.requestsServed() + slow.requestsServed()).isEqualTo(total);
    }

    @Test
    void missingWeightsFallBackToUniform() {
        LoadReport report = run((namespace, service, node) -> Optional.empty(), 250, 1_000);

        Map<String, Long> sent = report.sentPerEndpoint(Instant.MIN, Instant.MAX);
        long total = report.totalSent();

        assertThat(sent.get(fast.address()) / (double) total).isCloseTo(0.5, within(0.05));
        assertThat(report.buckets().stream().mapToLong(LoadBucket::weighted).sum()).isZero();
    }

    @Test
    void responseTimesReflectReplicaLatency() {
        ServiceWeights toFast = EndpointPickerTest.weights(Map.of(fast.address(), 1.0, slow.address(), 0.0));
        ServiceWeights toSlow = EndpointPickerTest.weights(Map.of(fast.address(), 0.0, slow.address(), 1.0));

        LoadReport fastRun = run((namespace, service, node) -> Optional.of(toFast), 100, 200);
        LoadReport slowRun = run((namespace, service, node) -> Optional.of(toSlow), 100, 200);

        // Lower bounds only: the replica's delay is a floor, while a busy machine can add any amount on top.
        assertThat(slowRun.percentileMs(Instant.MIN, Instant.MAX, 1)).isGreaterThanOrEqualTo(42.0);
        assertThat(fastRun.percentileMs(Instant.MIN, Instant.MAX, 1)).isGreaterThanOrEqualTo(2.0);
        assertThat(fastRun.percentileMs(Instant.MIN, Instant.MAX, 50))
                .isLessThan(slowRun.percentileMs(Instant.MIN, Instant.MAX, 50));
        assertThat(fastRun.totalErrors() + slowRun.totalErrors()).isZero();
    }

    @Test
    void stoppedReplicaCountsAsErrors() {
        slow.pause();
        ServiceWeights weights = EndpointPickerTest.weights(Map.of(fast.address(), 0.5, slow.address(), 0.5));
        LoadReport report = run((namespace, service, node) -> Optional.of(weights), 100, 200);

        long toSlow = report.sentPerEndpoint(Instant.MIN, Instant.MAX).get(slow.address());

        assertThat(report.totalErrors()).isEqualTo(toSlow);
        assertThat(report.buckets().stream().mapToLong(LoadBucket::responses).sum())
                .isEqualTo(report.totalSent() - toSlow);
    }

    @Test
    void invalidRateRejected() {
        assertThatThrownBy(() -> new LoadSettings("city", "camera", "edge-1", 0, Duration.ofSeconds(1),
                Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Invalid requestsPerSecond 0.0: give a rate above 0 and at most 10000 per second");
    }

    /** Sends {@code rate} requests/s until {@code requests} were sent and returns the report after close. */
    private LoadReport run(WeightsSource weights, double rate, long requests) {
        LoadSettings settings = new LoadSettings("city", "camera", "edge-1", rate, Duration.ofMillis(250),
                Duration.ofSeconds(2));
        EndpointSource endpoints = (namespace, service) -> List.of(fast.address(), slow.address());
        LoadGenerator generator = LoadGenerator.start(settings, weights, endpoints, new Random(7), Clock.systemUTC());
        try {
            await().atMost(AT_MOST).until(() -> generator.report().totalSent() >= requests);
        } finally {
            generator.close();
        }
        return generator.report();
    }
}
