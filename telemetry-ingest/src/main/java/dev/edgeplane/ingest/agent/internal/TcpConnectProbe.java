package dev.edgeplane.ingest.agent.internal;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.edgeplane.ingest.agent.ProbeSettings;

/**
 * Times TCP handshakes: the round-trip time of a probe is the time {@code connect} takes, which is
 * one SYN, SYN-ACK exchange. The connection is closed with a reset at once, so that probes leave
 * no sockets in TIME_WAIT. Blocks for the whole burst; thread-safe.
 */
public final class TcpConnectProbe {

    private final ProbeSettings settings;

    public TcpConnectProbe(ProbeSettings settings) {
        this.settings = settings;
    }

    /**
     * Connects {@link ProbeSettings#count()} times to {@code target}. A connection that is refused
     * or not set up within the timeout counts as lost.
     *
     * @throws InterruptedException if the thread is interrupted between probes
     */
    public ProbeBurst probe(InetSocketAddress target) throws InterruptedException {
        int timeoutMs = (int) Math.max(1, settings.timeout().toMillis());
        List<Double> rtts = new ArrayList<>(settings.count());
        for (int i = 0; i < settings.count(); i++) {
            if (i > 0 && settings.spacing().toMillis() > 0) {
                TimeUnit.MILLISECONDS.sleep(settings.spacing().toMillis());
            }
            try (Socket socket = new Socket()) {
                socket.setSoLinger(true, 0);
                long start = System.nanoTime();
                socket.connect(target, timeoutMs);
                rtts.add((System.nanoTime() - start) / 1_000.0);
            } catch (IOException e) {
                // Refused, unreachable or timed out: the probe is lost, which the loss ratio reports.
            }
        }
        return new ProbeBurst(settings.count(), rtts);
    }
}
