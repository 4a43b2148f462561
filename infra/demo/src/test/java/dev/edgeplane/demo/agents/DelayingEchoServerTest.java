package dev.edgeplane.demo.agents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicReference;

import dev.edgeplane.demo.agents.DelayingEchoServer.LinkCondition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DelayingEchoServerTest {

    private final ScheduledExecutorService sender = Executors.newScheduledThreadPool(1);

    @AfterEach
    void stop() {
        sender.shutdownNow();
    }

    @Test
    void echoesAfterLatencyNotWhileStalled() throws Exception {
        AtomicReference<LinkCondition> condition = new AtomicReference<>(new LinkCondition(Duration.ofMillis(80), true));
        try (DelayingEchoServer server = DelayingEchoServer.start("edge-1", condition::get, sender);
                DatagramSocket client = new DatagramSocket()) {
            client.setSoTimeout(2_000);

            long started = System.nanoTime();
            String answer = roundTrip(client, server.port(), "probe-1");
            long elapsedMs = (System.nanoTime() - started) / 1_000_000;

            assertThat(answer).isEqualTo("probe-1");
            assertThat(elapsedMs).isGreaterThanOrEqualTo(80);
            // The server counts an answer after its send returns, which can be after the client received it.
            await().atMost(Duration.ofSeconds(5)).until(() -> server.answered() == 1);

            condition.set(new LinkCondition(Duration.ZERO, false));
            client.setSoTimeout(300);
            send(client, server.port(), "probe-2");
            DatagramPacket none = new DatagramPacket(new byte[64], 64);
            boolean timedOut = false;
            try {
                client.receive(none);
            } catch (SocketTimeoutException e) {
                timedOut = true;
            }
            assertThat(timedOut).as("a stalled node answers nothing").isTrue();
            assertThat(server.dropped()).isEqualTo(1);
        }
    }

    private static String roundTrip(DatagramSocket client, int port, String payload) throws Exception {
        send(client, port, payload);
        DatagramPacket answer = new DatagramPacket(new byte[64], 64);
        client.receive(answer);
        return new String(answer.getData(), 0, answer.getLength(), StandardCharsets.UTF_8);
    }

    private static void send(DatagramSocket client, int port, String payload) throws Exception {
        byte[] bytes = payload.getBytes(StandardCharsets.UTF_8);
        client.send(new DatagramPacket(bytes, bytes.length, InetAddress.getLoopbackAddress(), port));
    }
}
