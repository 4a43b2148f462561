package dev.edgeplane.lb.decide;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Round-trip times between nodes, from each client node (where requests start) to each node that
 * hosts endpoints, with the time each value was measured. Immutable and safe to share between
 * threads; build a new table when probes report new values.
 *
 * <p>The planner computes weights for every client node of the table. Nodes are indexed once at
 * build time so that a plan looks round-trip times up by array index.
 */
public final class LinkLatencyTable {

    private final List<String> clientNodes;
    private final Map<String, Integer> indexByNode;
    private final int nodeCount;
    private final double[] rttMs;
    private final double[] jitterMs;
    private final long[] observedAtMs;

    private LinkLatencyTable(Builder builder) {
        this.clientNodes = List.copyOf(builder.clientNodes);
        List<String> nodes = new ArrayList<>(builder.nodes);
        this.nodeCount = nodes.size();
        this.indexByNode = new HashMap<>(nodeCount * 2);
        for (int i = 0; i < nodeCount; i++) {
            indexByNode.put(nodes.get(i), i);
        }
        this.rttMs = new double[nodeCount * nodeCount];
        this.jitterMs = new double[nodeCount * nodeCount];
        this.observedAtMs = new long[nodeCount * nodeCount];
        Arrays.fill(rttMs, Double.NaN);
        for (Builder.Probe probe : builder.probes.values()) {
            int cell = indexByNode.get(probe.from) * nodeCount + indexByNode.get(probe.to);
            rttMs[cell] = probe.rttMs;
            jitterMs[cell] = probe.jitterMs;
            observedAtMs[cell] = probe.observedAtMs;
        }
    }

    /** Creates a builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** Returns the nodes the planner computes weights for, in the order given to the builder. */
    public List<String> clientNodes() {
        return clientNodes;
    }

    /** Returns the index of a node, or -1 when the table does not know the node. */
    public int indexOf(String node) {
        Integer index = indexByNode.get(node);
        return index == null ? -1 : index;
    }

    /** Returns the number of nodes in the table, client nodes included. */
    public int nodeCount() {
        return nodeCount;
    }

    /**
     * Returns the round-trip time from one node to another in milliseconds, or NaN when no probe
     * measured it, when either index is -1, or when the value is older than {@code maxAgeMs}.
     * A node to itself with no probe counts as 0 ms, since the request never leaves the node.
     */
    public double rttMs(int from, int to, long nowMs, long maxAgeMs) {
        if (from < 0 || to < 0) {
            return Double.NaN;
        }
        int cell = from * nodeCount + to;
        double value = rttMs[cell];
        if (Double.isNaN(value)) {
            return from == to ? 0.0 : Double.NaN;
        }
        return nowMs - observedAtMs[cell] > maxAgeMs ? Double.NaN : value;
    }

    /**
     * Returns the jitter of a link in milliseconds, the mean absolute difference between
     * consecutive probes, or 0 when unknown. Freshness is judged by {@link #rttMs}.
     */
    public double jitterMs(int from, int to) {
        return from < 0 || to < 0 ? 0.0 : jitterMs[from * nodeCount + to];
    }

    /** Collects client nodes and probe results. Not thread-safe. */
    public static final class Builder {

        private final Set<String> clientNodes = new LinkedHashSet<>();
        private final Set<String> nodes = new LinkedHashSet<>();
        private final Map<String, Probe> probes = new HashMap<>();

        private Builder() {
        }

        /** Adds nodes to compute weights for. */
        public Builder clientNodes(Iterable<String> names) {
            for (String name : names) {
                clientNode(name);
            }
            return this;
        }

        /** Adds one node to compute weights for. */
        public Builder clientNode(String name) {
            requireNode(name);
            clientNodes.add(name);
            nodes.add(name);
            return this;
        }

        /** Records the round-trip time from one node to another, with no jitter known. */
        public Builder rtt(String from, String to, double rttMs, long observedAtMs) {
            return rtt(from, to, rttMs, 0.0, observedAtMs);
        }

        /**
         * Records the round-trip time from one node to another and its jitter, as a probe burst
         * reports them. A later call for the same pair replaces the values only if its
         * {@code observedAtMs} is not older.
         *
         * @param rttMs mean round-trip time in milliseconds
         * @param jitterMs mean absolute difference between consecutive round-trip times
         * @throws IllegalArgumentException if a value is negative or not finite
         */
        public Builder rtt(String from, String to, double rttMs, double jitterMs, long observedAtMs) {
            requireNode(from);
            requireNode(to);
            if (!(rttMs >= 0.0) || Double.isInfinite(rttMs) || !(jitterMs >= 0.0) || Double.isInfinite(jitterMs)) {
                throw new IllegalArgumentException("Invalid round-trip time " + rttMs + " ms or jitter " + jitterMs
                        + " ms from " + from + " to " + to + ": both must be finite numbers of at least 0");
            }
            nodes.add(from);
            nodes.add(to);
            probes.merge(from + "\n" + to, new Probe(from, to, rttMs, jitterMs, observedAtMs),
                    (old, fresh) -> fresh.observedAtMs >= old.observedAtMs ? fresh : old);
            return this;
        }

        /** Builds the immutable table. */
        public LinkLatencyTable build() {
            return new LinkLatencyTable(this);
        }

        private static void requireNode(String name) {
            Objects.requireNonNull(name, "node");
            if (name.isEmpty()) {
                throw new IllegalArgumentException("Invalid node name: it is empty");
            }
        }

        private record Probe(String from, String to, double rttMs, double jitterMs, long observedAtMs) {
        }
    }
}
