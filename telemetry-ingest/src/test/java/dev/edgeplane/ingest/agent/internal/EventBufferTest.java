package dev.edgeplane.ingest.agent.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import dev.edgeplane.event.telemetry.NodeMetrics;
import dev.edgeplane.event.telemetry.SourceKind;
import dev.edgeplane.event.telemetry.TelemetrySource;
import org.junit.jupiter.api.Test;

class EventBufferTest {

    private static NodeMetrics metrics(double cpu) {
        java.time.Instant time = java.time.Instant.parse("2026-03-01T08:00:00Z");
        return NodeMetrics.newBuilder().setNode("edge-1").setEventTime(time).setReceiveTime(time)
                .setSource(new TelemetrySource(SourceKind.EDGE_AGENT, "agent-edge-1"))
                .setCpuUsedCores(cpu).setCpuCapacityCores(2).setMemoryUsedBytes(1).setMemoryCapacityBytes(2)
                .setRtBandwidthUsedCpus(0).setRtBandwidthLimitCpus(null).setPodCount(0).build();
    }

    @Test
    void idsCarryAgentAndSequence() {
        EventBuffer buffer = new EventBuffer(10, "agent-edge-1", 1_700_000_000_000_000L);

        assertThat(buffer.add(metrics(0.1)).id()).isEqualTo("agent-edge-1:1700000000000000");
        assertThat(buffer.add(metrics(0.2)).id()).isEqualTo("agent-edge-1:1700000000000001");
    }

    @Test
    void fullBufferDropsOldest() throws InterruptedException {
        EventBuffer buffer = new EventBuffer(3, "a", 0);
        for (int i = 0; i < 5; i++) {
            buffer.add(metrics(i));
        }

        List<PendingEvent> batch = buffer.awaitBatch(10, Duration.ZERO);

        assertThat(buffer.dropped()).isEqualTo(2);
        assertThat(buffer.size()).isEqualTo(3);
        assertThat(batch).extracting(PendingEvent::id).containsExactly("a:2", "a:3", "a:4");
    }

    @Test
    void eventsStayUntilRemoved() throws InterruptedException {
        EventBuffer buffer = new EventBuffer(10, "a", 0);
        for (int i = 0; i < 4; i++) {
            buffer.add(metrics(i));
        }

        List<PendingEvent> first = buffer.awaitBatch(2, Duration.ZERO);
        List<PendingEvent> again = buffer.awaitBatch(2, Duration.ZERO);
        buffer.remove(List.of("a:0", "a:1"));
        List<PendingEvent> next = buffer.awaitBatch(2, Duration.ZERO);

        assertThat(again).isEqualTo(first);
        assertThat(next).extracting(PendingEvent::id).containsExactly("a:2", "a:3");
    }

    @Test
    void droppedWhileInFlightIsRemovedQuietly() throws InterruptedException {
        EventBuffer buffer = new EventBuffer(2, "a", 0);
        buffer.add(metrics(0));
        buffer.add(metrics(1));
        List<PendingEvent> inFlight = buffer.awaitBatch(2, Duration.ZERO);

        buffer.add(metrics(2));
        buffer.remove(inFlight.stream().map(PendingEvent::id).toList());

        // a:0 was dropped while in flight, a:1 acknowledged; only a:2 stays.
        assertThat(buffer.awaitBatch(5, Duration.ZERO)).extracting(PendingEvent::id).containsExactly("a:2");
        assertThat(buffer.dropped()).isEqualTo(1);
    }

    @Test
    void partialBatchAfterLinger() throws InterruptedException {
        EventBuffer buffer = new EventBuffer(10, "a", 0);
        buffer.add(metrics(0));

        long start = System.nanoTime();
        List<PendingEvent> batch = buffer.awaitBatch(5, Duration.ofMillis(100));

        assertThat(batch).hasSize(1);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(90));
    }

    @Test
    void closeWakesWaitingSender() throws InterruptedException {
        EventBuffer buffer = new EventBuffer(10, "a", 0);
        Thread closer = new Thread(() -> buffer.close());

        closer.start();
        List<PendingEvent> batch = buffer.awaitBatch(5, Duration.ofSeconds(30));
        closer.join();

        assertThat(batch).isEmpty();
    }
}
