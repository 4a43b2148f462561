package dev.edgeplane.ingest.agent;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import dev.edgeplane.event.telemetry.LinkLatency;
import dev.edgeplane.event.telemetry.ProbeKind;
import dev.edgeplane.event.telemetry.ProbeProtocol;
import dev.edgeplane.event.telemetry.SourceKind;
import dev.edgeplane.event.telemetry.TelemetrySource;
import dev.edgeplane.ingest.agent.internal.IcmpEchoProbe;
import dev.edgeplane.ingest.agent.internal.ProbeBurst;
import dev.edgeplane.ingest.agent.internal.TcpConnectProbe;
import dev.edgeplane.ingest.agent.internal.UdpEchoProbe;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One probe cycle: a burst of probes per target and protocol, run on a pool of
 * {@link ProbeSettings#threads()} threads named {@value #THREAD_PREFIX}N, turned into one
 * {@link LinkLatency} event per target and protocol. ICMP probes go to the target's host and
 * ignore its port; pass {@link ProbeProtocol#ICMP} only when {@link IcmpAvailability#detect()}
 * found ICMP available.
 *
 * <p>A probe between this node and the control node is a {@link ProbeKind#CONTROL_TO_NODE} event,
 * whichever end sends it; every other probe is {@link ProbeKind#NODE_TO_NODE}. The events'
 * {@code receiveTime} equals their {@code eventTime} until a sender sets it.
 *
 * <p>{@link #run} blocks until every burst ended and must not be called from two threads at once.
 * The caller closes the cycle, which stops its threads.
 */
public final class LinkProbeCycle implements AutoCloseable {

    /** Name prefix of the probe threads, so that a benchmark can sum their CPU time. */
    public static final String THREAD_PREFIX = "edgeplane-agent-probe-";

    private static final Logger LOG = LoggerFactory.getLogger(LinkProbeCycle.class);

    private final String node;
    private final String controlNode;
    private final TelemetrySource source;
    private final List<ProbeProtocol> protocols;
    private final ProbeSettings settings;
    private final Clock clock;
    private final MeterRegistry meters;
    private final ExecutorService pool;
    private final Set<String> unresolvedHosts = ConcurrentHashMap.newKeySet();
    private final Set<String> failingIcmpNodes = ConcurrentHashMap.newKeySet();

    /**
     * @param node        this node, the source node of the events
     * @param controlNode name of the control node, or null when there is none
     * @param agentId     source id of the events
     * @param protocols   protocols to probe with: UDP, TCP and ICMP
     * @param settings    probe count, spacing, timeout and threads
     * @param clock       gives the event times
     * @param meters      receives the probe duration timer {@code edgeplane.agent.probe.duration}
     */
    public LinkProbeCycle(String node, String controlNode, String agentId, List<ProbeProtocol> protocols,
            ProbeSettings settings, Clock clock, MeterRegistry meters) {
        for (ProbeProtocol protocol : protocols) {
            if (protocol != ProbeProtocol.UDP && protocol != ProbeProtocol.TCP && protocol != ProbeProtocol.ICMP) {
                throw new IllegalArgumentException("Unsupported probe protocol " + protocol + ": use UDP, TCP or ICMP.");
            }
        }
        this.node = node;
        this.controlNode = controlNode;
        this.source = new TelemetrySource(SourceKind.EDGE_AGENT, agentId);
        this.protocols = List.copyOf(protocols);
        this.settings = settings;
        this.clock = clock;
        this.meters = meters;
        AtomicInteger threadNumber = new AtomicInteger();
        this.pool = Executors.newFixedThreadPool(settings.threads(), task -> {
            Thread thread = new Thread(task, THREAD_PREFIX + threadNumber.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * Probes every target with every protocol and returns the events, in target order and then
     * protocol order. Blocks until all bursts ended.
     *
     * @throws InterruptedException if the calling thread is interrupted; the bursts still running
     *     are cancelled
     */
    public List<LinkLatency> run(List<PeerTarget> targets) throws InterruptedException {
        List<Future<LinkLatency>> futures = new ArrayList<>();
        for (PeerTarget target : targets) {
            for (ProbeProtocol protocol : protocols) {
                futures.add(pool.submit(() -> probe(target, protocol)));
            }
        }

        List<LinkLatency> events = new ArrayList<>(futures.size());
        try {
            for (Future<LinkLatency> future : futures) {
                events.add(future.get());
            }
        } catch (ExecutionException e) {
            throw new IllegalStateException("A probe burst failed unexpectedly: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            futures.forEach(f -> f.cancel(true));
            throw e;
        }
        return events;
    }

    private LinkLatency probe(PeerTarget target, ProbeProtocol protocol) throws InterruptedException {
        Timer.Sample sample = Timer.start(meters);
        InetSocketAddress address = new InetSocketAddress(target.host(), target.port());
        ProbeBurst burst;
        if (address.isUnresolved()) {
            // One WARN per host until it resolves again, so that a bad entry does not flood the log every cycle.
            if (unresolvedHosts.add(target.host())) {
                LOG.warn("Cannot resolve host {} of node {}: its probes count as lost until it resolves; check the peer"
                        + " list", target.host(), target.node());
            }
            burst = new ProbeBurst(settings.count(), List.of());
        } else if (protocol == ProbeProtocol.UDP) {
            burst = udpBurst(target, address);
        } else if (protocol == ProbeProtocol.ICMP) {
            burst = icmpBurst(target, address);
        } else {
            burst = new TcpConnectProbe(settings).probe(address);
        }
        if (!address.isUnresolved() && unresolvedHosts.remove(target.host())) {
            LOG.info("Host {} of node {} resolves again", target.host(), target.node());
        }
        sample.stop(meters.timer("edgeplane.agent.probe.duration", "protocol", protocol.name()));
        return event(target, protocol, burst);
    }

    private ProbeBurst udpBurst(PeerTarget target, InetSocketAddress address) throws InterruptedException {
        try {
            return new UdpEchoProbe(settings).probe(address);
        } catch (IOException e) {
            LOG.warn("UDP probes to node {} at {} failed: {}; they count as lost", target.node(), address, e.toString());
            return new ProbeBurst(settings.count(), List.of());
        }
    }

    private ProbeBurst icmpBurst(PeerTarget target, InetSocketAddress address) throws InterruptedException {
        try {
            ProbeBurst burst = new IcmpEchoProbe(settings).probe(address.getAddress());
            if (failingIcmpNodes.remove(target.node())) {
                LOG.info("ICMP probes to node {} at {} can be sent again", target.node(), address.getAddress());
            }
            return burst;
        } catch (IOException e) {
            // One WARN per node until a burst can be sent again, since a missing route fails every cycle.
            if (failingIcmpNodes.add(target.node())) {
                LOG.warn("ICMP probes to node {} at {} failed: {}; they count as lost until they can be sent",
                        target.node(), address.getAddress(), e.toString());
            }
            return new ProbeBurst(settings.count(), List.of());
        }
    }

    private LinkLatency event(PeerTarget target, ProbeProtocol protocol, ProbeBurst burst) {
        boolean control = controlNode != null && (controlNode.equals(target.node()) || controlNode.equals(node));
        var now = clock.instant();
        return LinkLatency.newBuilder()
                .setSourceNode(node)
                .setTargetNode(target.node())
                .setProbeKind(control ? ProbeKind.CONTROL_TO_NODE : ProbeKind.NODE_TO_NODE)
                .setProtocol(protocol)
                .setEventTime(now)
                .setReceiveTime(now)
                .setSource(source)
                .setProbeCount(burst.sent())
                .setRttMicros(burst.meanRttMicros())
                .setJitterMicros(burst.jitterMicros())
                .setLossRatio(burst.lossRatio())
                .build();
    }

    /** Stops the probe threads; bursts still running are interrupted. Does not block. */
    @Override
    public void close() {
        pool.shutdownNow();
    }
}
