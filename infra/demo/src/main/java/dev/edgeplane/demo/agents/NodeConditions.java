package dev.edgeplane.demo.agents;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.SplittableRandom;
import java.util.function.LongSupplier;

import dev.edgeplane.demo.agents.DelayingEchoServer.LinkCondition;
import dev.edgeplane.ingest.simulate.CityNode;
import dev.edgeplane.ingest.simulate.CityTopology;
import dev.edgeplane.ingest.simulate.LinkSample;
import dev.edgeplane.ingest.simulate.replay.TraceReplay;

/**
 * The access latency and CPU load of every node of the city at the current moment of a run, and the
 * one fault a scenario injects on top.
 *
 * <p>Modelled: a node's access latency is the round trip from the clients' node to it as the city
 * models it, and its CPU share a fixed level per node, drawn from the seed between 0.15 and 0.45.
 * Replayed: edge node k's access latency follows the radio-access ping log that
 * {@link TraceReplay#accessLeg} maps it to, one sample a second, with lost samples as a stall (no
 * answer), and node k's CPU share follows PlanetLab VM {@link #PLANETLAB_FIRST_VM} + k; other nodes
 * stay modelled. Trace
 * time 0 is {@code traceOffset} after the start of the run.
 *
 * <p>Thread-safe: the echo servers and the ticker read it while the scenario thread sets the fault.
 */
public final class NodeConditions {

    private record Fault(String node, FaultProfile profile, long startNanos) {
    }

    /**
     * PlanetLab VM of the city's first node; node k follows VM {@value} + k. The traces list the busiest
     * VMs first, and the first few hundred run above the detector's CPU limit all day, which would make
     * every node of the demo degraded before any fault.
     */
    public static final int PLANETLAB_FIRST_VM = 300;

    private final Map<String, Duration> modelledLatency = new HashMap<>();
    private final Map<String, Double> modelledCpu = new HashMap<>();
    private final Map<String, Integer> edgeIndex = new HashMap<>();
    private final Map<String, Integer> nodeIndex = new HashMap<>();
    private final TraceReplay replay;
    private final long traceOffsetMs;
    private final LongSupplier nanoTime;
    private final long startNanos;
    private volatile Fault fault;

    private NodeConditions(CityTopology city, CityNode client, long seed, TraceReplay replay, Duration traceOffset,
            LongSupplier nanoTime) {
        this.replay = replay;
        this.traceOffsetMs = traceOffset.toMillis();
        this.nanoTime = nanoTime;
        this.startNanos = nanoTime.getAsLong();
        SplittableRandom random = new SplittableRandom(seed);
        List<CityNode> nodes = city.nodes();
        int edges = 0;
        for (int i = 0; i < nodes.size(); i++) {
            CityNode node = nodes.get(i);
            modelledLatency.put(node.name(), Duration.ofNanos(city.roundTripMicros(client, node) * 1_000));
            modelledCpu.put(node.name(), 0.15 + 0.3 * random.nextDouble());
            nodeIndex.put(node.name(), i);
            if (node.tier() == CityNode.Tier.EDGE) {
                edgeIndex.put(node.name(), edges++);
            }
        }
    }

    /** Returns modelled conditions, measured from now. */
    public static NodeConditions modelled(CityTopology city, String clientNode, long seed) {
        return new NodeConditions(city, client(city, clientNode), seed, null, Duration.ZERO, System::nanoTime);
    }

    /** Returns conditions replayed from {@code replay}, trace time {@code traceOffset} at the start, measured from now. */
    public static NodeConditions replayed(CityTopology city, String clientNode, long seed, TraceReplay replay,
            Duration traceOffset) {
        return new NodeConditions(city, client(city, clientNode), seed, replay, traceOffset, System::nanoTime);
    }

    /** Returns conditions with a given time source, for tests. */
    static NodeConditions withClock(CityTopology city, String clientNode, long seed, TraceReplay replay,
            Duration traceOffset, LongSupplier nanoTime) {
        return new NodeConditions(city, client(city, clientNode), seed, replay, traceOffset, nanoTime);
    }

    private static CityNode client(CityTopology city, String name) {
        return city.node(name).orElseThrow(() -> new IllegalArgumentException("Client node " + name
                + " is not a node of the city; give one of " + city.nodes().stream().map(CityNode::name).limit(5).toList()
                + " ..."));
    }

    /** Returns whether edge nodes follow the traces. */
    public boolean replayed() {
        return replay != null;
    }

    /** Returns the names of the nodes, in the city's order. */
    public List<String> nodes() {
        return nodeIndex.entrySet().stream().sorted(Map.Entry.comparingByValue()).map(Map.Entry::getKey).toList();
    }

    /** Returns how {@code node}'s path behaves now, the fault included. */
    public LinkCondition link(String node) {
        LinkCondition baseline = baseline(node, elapsedMs(startNanos));
        Fault current = fault;
        if (current != null && current.node().equals(node)) {
            return current.profile().at(baseline, elapsedMs(current.startNanos()));
        }
        return baseline;
    }

    /** Returns {@code node}'s CPU share now, from 0 to 1. */
    public double cpuShare(String node) {
        Integer index = nodeIndex.get(node);
        if (index == null) {
            throw unknown(node);
        }
        if (replay != null) {
            OptionalDouble share = replay.cpuShare(PLANETLAB_FIRST_VM + index, traceOffsetMs + elapsedMs(startNanos));
            if (share.isPresent()) {
                return Math.min(1.0, Math.max(0.0, share.getAsDouble()));
            }
        }
        return modelledCpu.get(node);
    }

    /** Starts {@code profile} on {@code node} now; replaces a fault in force. */
    public void startFault(String node, FaultProfile profile) {
        if (!nodeIndex.containsKey(node)) {
            throw unknown(node);
        }
        fault = new Fault(node, profile, nanoTime.getAsLong());
    }

    /** Ends the fault in force, if any. */
    public void endFault() {
        fault = null;
    }

    private LinkCondition baseline(String node, long elapsedMs) {
        Duration modelled = modelledLatency.get(node);
        if (modelled == null) {
            throw unknown(node);
        }
        Integer edge = edgeIndex.get(node);
        if (replay != null && edge != null) {
            LinkSample sample = replay.accessLeg(edge, traceOffsetMs + elapsedMs, TraceFault.SAMPLE_MS);
            if (sample != null) {
                return sample.rttMicros() == null ? new LinkCondition(modelled, false)
                        : new LinkCondition(Duration.ofNanos(Math.round(sample.rttMicros() * 1_000)), true);
            }
        }
        return new LinkCondition(modelled, true);
    }

    private long elapsedMs(long since) {
        return (nanoTime.getAsLong() - since) / 1_000_000;
    }

    private static IllegalArgumentException unknown(String node) {
        return new IllegalArgumentException("Node " + node + " is not a node of the city: use a name the city lists");
    }
}
