package dev.edgeplane.demo.agents;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A UDP echo endpoint for one simulated node that answers each datagram after the node's current
 * access latency, or not at all while the node is stalled.
 *
 * <p>Why it exists: every simulated node lives on 127.0.0.1, where a round trip takes microseconds, so
 * the agent's own echo responder would make every link look perfect. This server puts the latency the
 * scenario or the replayed trace gives the node into the answer itself, so that the edge agents that
 * probe the node measure that latency with their ordinary UDP probes, timeouts and loss counting.
 * TCP probes are not served: the kernel completes a TCP handshake before any user code runs, so a
 * connect time cannot be delayed from here.
 *
 * <p>One receiving thread; answers are sent from the shared scheduler given to {@link #start}, so a
 * long delay holds no thread. The caller closes the server; closing does not stop the scheduler.
 */
public final class DelayingEchoServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(DelayingEchoServer.class);
    private static final int MAX_DATAGRAM_BYTES = 1_500;

    private final String node;
    private final DatagramSocket socket;
    private final Supplier<LinkCondition> condition;
    private final ScheduledExecutorService sender;
    private final Thread receiver;
    private final AtomicLong answered = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private volatile boolean closed;

    private DelayingEchoServer(String node, DatagramSocket socket, Supplier<LinkCondition> condition,
            ScheduledExecutorService sender) {
        this.node = node;
        this.socket = socket;
        this.condition = condition;
        this.sender = sender;
        this.receiver = new Thread(this::receive, "demo-echo-" + node);
        receiver.setDaemon(true);
    }

    /**
     * Binds a free UDP port of 127.0.0.1 and starts answering. Returns once the socket is bound.
     *
     * @param condition read for every datagram, so a change applies to the next probe
     * @param sender sends the delayed answers; the caller owns and shuts it down
     * @throws IOException if no port can be bound
     */
    public static DelayingEchoServer start(String node, Supplier<LinkCondition> condition,
            ScheduledExecutorService sender) throws IOException {
        DatagramSocket socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        DelayingEchoServer server = new DelayingEchoServer(node, socket, condition, sender);
        server.receiver.start();
        return server;
    }

    /** Returns the UDP port. */
    public int port() {
        return socket.getLocalPort();
    }

    /** Returns the datagrams answered so far. */
    public long answered() {
        return answered.get();
    }

    /** Returns the datagrams left unanswered because the node was stalled. */
    public long dropped() {
        return dropped.get();
    }

    private void receive() {
        byte[] buffer = new byte[MAX_DATAGRAM_BYTES];
        DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
        while (!closed) {
            try {
                packet.setLength(buffer.length);
                socket.receive(packet);
                answer(Arrays.copyOf(packet.getData(), packet.getLength()), packet.getSocketAddress());
            } catch (IOException e) {
                if (!closed) {
                    log.debug("Receiving a probe for node {} failed: {}", node, e.toString());
                }
            }
        }
    }

    private void answer(byte[] payload, SocketAddress from) {
        LinkCondition now = condition.get();
        if (!now.answering()) {
            dropped.incrementAndGet();
            return;
        }
        long delayMicros = now.latency().toNanos() / 1_000;
        sender.schedule(() -> send(payload, from), delayMicros, TimeUnit.MICROSECONDS);
    }

    private void send(byte[] payload, SocketAddress to) {
        if (closed) {
            return;
        }
        try {
            socket.send(new DatagramPacket(payload, payload.length, to));
            answered.incrementAndGet();
        } catch (IOException e) {
            log.debug("Answering a probe for node {} failed: {}", node, e.toString());
        }
    }

    /** Closes the socket and waits up to a second for the receiving thread to end. */
    @Override
    public void close() {
        closed = true;
        socket.close();
        try {
            receiver.join(1_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * The current behaviour of a node's network path.
     *
     * @param latency time until an answer leaves, the node's access round trip
     * @param answering false while the node is stalled: probes get no answer and replicas no reply in time
     */
    public record LinkCondition(Duration latency, boolean answering) {

        public LinkCondition {
            if (latency == null || latency.isNegative()) {
                throw new IllegalArgumentException("Invalid latency " + latency + ": give zero or a positive duration");
            }
        }
    }
}
