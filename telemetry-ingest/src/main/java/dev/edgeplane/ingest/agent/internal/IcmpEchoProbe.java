package dev.edgeplane.ingest.agent.internal;

import java.io.IOException;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.edgeplane.ingest.agent.ProbeSettings;

/**
 * Times ICMP echo requests with {@link InetAddress#isReachable(int)}. Call it only when
 * {@link dev.edgeplane.ingest.agent.IcmpAvailability} reports ICMP as available, because without a
 * raw socket the JDK times a TCP connect to port 7 instead. Blocks for the whole burst; thread-safe.
 *
 * <p>Each probe is one call, which opens a raw socket, sends one echo request and waits for the
 * reply, so the round-trip time includes opening and closing that socket, a few microseconds.
 * The wait is capped at {@value #MAX_WAIT_MS} ms, because OpenJDK 17 sends a new echo request
 * every second of a longer wait and cannot tell which request a reply belongs to.
 *
 * <p>NOTE: the JDK matches a reply by the process id in the ICMP identifier and by the source
 * address only, not by sequence number. A reply that arrives after its probe timed out, or a reply
 * to a concurrent burst to the same address, can count for another probe.
 */
public final class IcmpEchoProbe {

    /** Maximum wait for one reply, in milliseconds. */
    public static final int MAX_WAIT_MS = 1_000;

    private final ProbeSettings settings;

    public IcmpEchoProbe(ProbeSettings settings) {
        this.settings = settings;
    }

    /**
     * Sends {@link ProbeSettings#count()} echo requests to {@code target} and waits up to the
     * timeout, at most {@value #MAX_WAIT_MS} ms, for each reply. A probe without a reply counts as
     * lost.
     *
     * @throws IOException if the JDK cannot send an echo request, for example when no route leads to
     *     the target
     * @throws InterruptedException if the thread is interrupted between probes
     */
    public ProbeBurst probe(InetAddress target) throws IOException, InterruptedException {
        int waitMs = (int) Math.min(MAX_WAIT_MS, Math.max(1, settings.timeout().toMillis()));
        List<Double> rtts = new ArrayList<>(settings.count());
        for (int i = 0; i < settings.count(); i++) {
            if (i > 0 && settings.spacing().toMillis() > 0) {
                TimeUnit.MILLISECONDS.sleep(settings.spacing().toMillis());
            }
            long start = System.nanoTime();
            if (target.isReachable(waitMs)) {
                rtts.add((System.nanoTime() - start) / 1_000.0);
            }
        }
        return new ProbeBurst(settings.count(), rtts);
    }
}
