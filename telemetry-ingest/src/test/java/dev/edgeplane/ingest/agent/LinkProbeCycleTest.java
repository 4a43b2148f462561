package dev.edgeplane.ingest.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

import dev.edgeplane.event.telemetry.LinkLatency;
import dev.edgeplane.event.telemetry.ProbeKind;
import dev.edgeplane.event.telemetry.ProbeProtocol;
import dev.edgeplane.ingest.agent.internal.IcmpProcParsers;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Probes against echo responders and misbehaving UDP servers on 127.0.0.1. */
class LinkProbeCycleTest {

    private static final ProbeSettings FIVE_PROBES = new ProbeSettings(5, Duration.ofMillis(2), Duration.ofMillis(300), 2);

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private LinkProbeCycle cycle;

    @AfterEach
    void closeCycle() {
        if (cycle != null) {
            cycle.close();
        }
    }

    private LinkProbeCycle cycle(String controlNode, ProbeProtocol... protocols) {
        cycle = new LinkProbeCycle("edge-1", controlNode, "agent-edge-1", List.of(protocols), FIVE_PROBES,
                Clock.systemUTC(), meters);
        return cycle;
    }

    @Test
    void echoResponderAnswersEveryProbe() throws Exception {
        try (EchoResponder echo = EchoResponder.start("127.0.0.1", 0)) {
            List<LinkLatency> events = cycle(null, ProbeProtocol.UDP, ProbeProtocol.TCP)
                    .run(List.of(new PeerTarget("edge-2", "127.0.0.1", echo.port())));

            assertThat(events).hasSize(2);
            for (LinkLatency event : events) {
                assertThat(event.getSourceNode()).isEqualTo("edge-1");
                assertThat(event.getTargetNode()).isEqualTo("edge-2");
                assertThat(event.getProbeKind()).isEqualTo(ProbeKind.NODE_TO_NODE);
                assertThat(event.getProbeCount()).isEqualTo(5);
                assertThat(event.getLossRatio()).as(event.getProtocol().name()).isZero();
                assertThat(event.getRttMicros()).isPositive().isLessThan(300_000.0);
                assertThat(event.getJitterMicros()).isNotNull().isNotNegative();
            }
            assertThat(events.get(0).getProtocol()).isEqualTo(ProbeProtocol.UDP);
            assertThat(events.get(1).getProtocol()).isEqualTo(ProbeProtocol.TCP);
            // The responder counts a datagram after sending it back, so the prober can see the last
            // answer a moment before the count moves.
            await().atMost(Duration.ofSeconds(5)).until(() -> echo.echoedDatagrams() == 5);
            assertThat(meters.timer("edgeplane.agent.probe.duration", "protocol", "UDP").count()).isEqualTo(1);
        }
    }

    @Test
    void closedPortLosesEveryProbe() throws Exception {
        int port = freePort();

        List<LinkLatency> events = cycle(null, ProbeProtocol.UDP, ProbeProtocol.TCP)
                .run(List.of(new PeerTarget("edge-3", "127.0.0.1", port)));

        for (LinkLatency event : events) {
            assertThat(event.getLossRatio()).as(event.getProtocol().name()).isEqualTo(1.0);
            assertThat(event.getRttMicros()).as(event.getProtocol().name()).isNull();
            assertThat(event.getJitterMicros()).as(event.getProtocol().name()).isNull();
        }
    }

    @Test
    void droppedEchoesCountAsLoss() throws Exception {
        // Replies only to even sequence numbers: probes 0, 2 and 4 of five.
        try (ScriptedUdpServer server = new ScriptedUdpServer(sequence -> sequence % 2 == 0, 0)) {
            LinkLatency event = cycle(null, ProbeProtocol.UDP)
                    .run(List.of(new PeerTarget("edge-4", "127.0.0.1", server.port()))).get(0);

            assertThat(event.getLossRatio()).isEqualTo(0.4);
            assertThat(event.getRttMicros()).isNotNull();
            assertThat(event.getJitterMicros()).isNotNull();
        }
    }

    @Test
    void delayedEchoesRaiseRoundTripTime() throws Exception {
        try (ScriptedUdpServer server = new ScriptedUdpServer(sequence -> true, 20)) {
            LinkLatency event = cycle(null, ProbeProtocol.UDP)
                    .run(List.of(new PeerTarget("edge-5", "127.0.0.1", server.port()))).get(0);

            assertThat(event.getLossRatio()).isZero();
            assertThat(event.getRttMicros()).isGreaterThanOrEqualTo(20_000.0);
        }
    }

    @Test
    void lateReplyIgnoredForNextProbe() throws Exception {
        // Replies to probe 0 after 400 ms, past the 300 ms timeout, while probe 1 is waiting. The
        // late reply must not count for probe 1, which the server never replies to.
        try (ScriptedUdpServer server = new ScriptedUdpServer(sequence -> sequence == 0, 400)) {
            LinkLatency event = cycle(null, ProbeProtocol.UDP)
                    .run(List.of(new PeerTarget("edge-6", "127.0.0.1", server.port()))).get(0);

            assertThat(event.getLossRatio()).isEqualTo(1.0);
            assertThat(event.getRttMicros()).isNull();
        }
    }

    @Test
    void probesToControlNodeAreControlToNode() throws Exception {
        try (EchoResponder echo = EchoResponder.start("127.0.0.1", 0)) {
            List<LinkLatency> events = cycle("control", ProbeProtocol.TCP).run(List.of(
                    new PeerTarget("control", "127.0.0.1", echo.port()),
                    new PeerTarget("edge-2", "127.0.0.1", echo.port())));

            assertThat(events).extracting(LinkLatency::getProbeKind)
                    .containsExactly(ProbeKind.CONTROL_TO_NODE, ProbeKind.NODE_TO_NODE);
        }
    }

    @Test
    void unresolvableHostLosesEveryProbe() throws Exception {
        LinkLatency event = cycle(null, ProbeProtocol.UDP)
                .run(List.of(new PeerTarget("edge-9", "no-such-host.invalid", 7471))).get(0);

        assertThat(event.getLossRatio()).isEqualTo(1.0);
    }

    @Test
    void icmpEchoOnLoopback() throws Exception {
        IcmpAvailability icmp = IcmpAvailability.detect();
        assumeTrue(icmp.available(), () -> "ICMP is not available: " + icmp.reason());
        long echoesBefore = sentIcmpEchoes();

        // The port is ignored: ICMP goes to the host.
        LinkLatency event = cycle(null, ProbeProtocol.ICMP)
                .run(List.of(new PeerTarget("edge-7", "127.0.0.1", 1))).get(0);

        assertThat(event.getProtocol()).isEqualTo(ProbeProtocol.ICMP);
        assertThat(event.getProbeCount()).isEqualTo(5);
        assertThat(event.getLossRatio()).isZero();
        assertThat(event.getRttMicros()).isPositive().isLessThan(300_000.0);
        assertThat(event.getJitterMicros()).isNotNull().isNotNegative();
        // The JDK's fallback, a TCP connect to port 7, would leave the count unchanged.
        assertThat(sentIcmpEchoes() - echoesBefore).isGreaterThanOrEqualTo(5);
        assertThat(meters.timer("edgeplane.agent.probe.duration", "protocol", "ICMP").count()).isEqualTo(1);
    }

    // NOTE: ICMP loss is not tested. Every 127.0.0.0/8 address replies to echo on loopback, and any
    // address that would not reply lies on another host, where tests must send nothing.

    private static long sentIcmpEchoes() throws IOException {
        return IcmpProcParsers.parseOutEchos(Files.readString(Path.of("/proc/self/net/snmp")));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** Sequence-number filter of {@link ScriptedUdpServer}. */
    private interface Answering {
        boolean answers(int sequence);
    }

    /** A UDP echo server that replies only to the probes its filter selects, after a delay. */
    private static final class ScriptedUdpServer implements AutoCloseable {
        private final DatagramSocket socket;
        private final Thread thread;

        ScriptedUdpServer(Answering answering, long delayMs) throws IOException {
            socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            thread = new Thread(() -> serve(answering, delayMs), "scripted-udp-" + socket.getLocalPort());
            thread.setDaemon(true);
            thread.start();
        }

        int port() {
            return socket.getLocalPort();
        }

        private void serve(Answering answering, long delayMs) {
            byte[] buffer = new byte[64];
            while (!socket.isClosed()) {
                DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
                try {
                    socket.receive(packet);
                    int sequence = ByteBuffer.wrap(packet.getData(), 8, 4).getInt();
                    if (!answering.answers(sequence)) {
                        continue;
                    }
                    if (delayMs > 0) {
                        Thread.sleep(delayMs);
                    }
                    socket.send(packet);
                } catch (IOException e) {
                    return;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }

        @Override
        public void close() {
            socket.close();
        }
    }
}
