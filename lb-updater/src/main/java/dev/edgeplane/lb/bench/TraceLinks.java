package dev.edgeplane.lb.bench;

import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * Round-trip times replayed from ping traces: each link follows one trace, one probe per
 * {@code stepMs} of simulated time, starting at its own offset so that links sharing a trace do
 * not move in lockstep. A node to itself gets {@code localMs}, and links without a trace get the
 * fallback model's value. Immutable once built.
 */
public final class TraceLinks implements LinkModel {

    private final LinkModel fallback;
    private final double localMs;
    private final long stepMs;
    private final Map<String, PingTrace> traceByPair = new HashMap<>();
    private final Map<String, Integer> offsetByPair = new HashMap<>();
    private final Set<String> traceNames = new LinkedHashSet<>();

    public TraceLinks(LinkModel fallback, double localMs, long stepMs) {
        this.fallback = fallback;
        this.localMs = localMs;
        this.stepMs = stepMs;
    }

    /** Replays {@code trace} on the link from a client node to a node, starting at probe {@code offset}. */
    public TraceLinks with(String client, String node, PingTrace trace, int offset) {
        traceByPair.put(client + "\n" + node, trace);
        offsetByPair.put(client + "\n" + node, offset);
        traceNames.add(trace.name());
        return this;
    }

    @Override
    public double rttMs(String client, String node, double timeMs) {
        if (client.equals(node)) {
            return localMs;
        }
        String pair = client + "\n" + node;
        PingTrace trace = traceByPair.get(pair);
        if (trace == null) {
            return fallback.rttMs(client, node, timeMs);
        }
        return trace.rttMs(offsetByPair.get(pair) + (long) Math.floor(timeMs / stepMs));
    }

    @Override
    public String source() {
        return String.join("+", traceNames);
    }
}
