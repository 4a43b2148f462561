package dev.edgeplane.ingest.agent.internal;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.PortUnreachableException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import dev.edgeplane.ingest.agent.ProbeSettings;

/**
 * Times UDP datagrams sent to an echo responder and back. Each datagram carries a burst id and a
 * sequence number, so that a late reply to an earlier probe is never taken for the reply to the
 * current one. Blocks for the whole burst; one instance per thread.
 */
public final class UdpEchoProbe {

    private static final int PAYLOAD_BYTES = 16;

    private final ProbeSettings settings;

    public UdpEchoProbe(ProbeSettings settings) {
        this.settings = settings;
    }

    /**
     * Sends {@link ProbeSettings#count()} probes to {@code target} and waits up to the timeout for
     * each reply. A probe without a reply, or whose datagram the target's host rejects with an
     * ICMP port-unreachable, counts as lost.
     *
     * @throws IOException if no local socket can be opened
     * @throws InterruptedException if the thread is interrupted between probes
     */
    public ProbeBurst probe(InetSocketAddress target) throws IOException, InterruptedException {
        long burstId = ThreadLocalRandom.current().nextLong();
        int timeoutMs = (int) Math.max(1, settings.timeout().toMillis());
        List<Double> rtts = new ArrayList<>(settings.count());
        try (DatagramSocket socket = new DatagramSocket()) {
            socket.connect(target);
            byte[] sendBytes = new byte[PAYLOAD_BYTES];
            byte[] replyBytes = new byte[PAYLOAD_BYTES * 4];
            DatagramPacket reply = new DatagramPacket(replyBytes, replyBytes.length);
            for (int sequence = 0; sequence < settings.count(); sequence++) {
                if (sequence > 0) {
                    pause();
                }

                ByteBuffer.wrap(sendBytes).putLong(burstId).putInt(sequence).putInt(0);
                long sentAt = System.nanoTime();
                socket.send(new DatagramPacket(sendBytes, sendBytes.length));

                long repliedAt = awaitReply(socket, reply, burstId, sequence, sentAt, timeoutMs);
                if (repliedAt >= 0) {
                    rtts.add((repliedAt - sentAt) / 1_000.0);
                }
            }
        }
        return new ProbeBurst(settings.count(), rtts);
    }

    /** Returns the nano time at which the matching reply arrived, or -1 when none arrived in time. */
    private static long awaitReply(DatagramSocket socket, DatagramPacket reply, long burstId, int sequence,
            long sentAt, int timeoutMs) throws IOException {
        long deadline = sentAt + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        while (true) {
            long remainingMs = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            if (remainingMs <= 0) {
                return -1;
            }
            socket.setSoTimeout((int) remainingMs);
            reply.setLength(reply.getData().length);
            try {
                socket.receive(reply);
            } catch (SocketTimeoutException | PortUnreachableException e) {
                return -1;
            }
            long now = System.nanoTime();
            if (reply.getLength() >= PAYLOAD_BYTES) {
                ByteBuffer payload = ByteBuffer.wrap(reply.getData(), 0, reply.getLength());
                if (payload.getLong() == burstId && payload.getInt() == sequence) {
                    return now;
                }
            }
            // A late reply to an earlier probe of this burst: keep waiting for the current one.
        }
    }

    private void pause() throws InterruptedException {
        long spacingMs = settings.spacing().toMillis();
        if (spacingMs > 0) {
            TimeUnit.MILLISECONDS.sleep(spacingMs);
        }
    }
}
