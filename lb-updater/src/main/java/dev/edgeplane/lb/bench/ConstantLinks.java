package dev.edgeplane.lb.bench;

import java.util.HashMap;
import java.util.Map;

/** Fixed round-trip times per pair of nodes; a node to itself gets {@code localMs}. Immutable once built. */
public final class ConstantLinks implements LinkModel {

    private final double localMs;
    private final double defaultMs;
    private final Map<String, Double> rttByPair = new HashMap<>();

    /**
     * @param localMs round-trip time from a node to itself
     * @param defaultMs round-trip time between nodes with no value of their own
     */
    public ConstantLinks(double localMs, double defaultMs) {
        this.localMs = localMs;
        this.defaultMs = defaultMs;
    }

    /** Sets the round-trip time from a client node to a node. */
    public ConstantLinks with(String client, String node, double rttMs) {
        rttByPair.put(client + "\n" + node, rttMs);
        return this;
    }

    @Override
    public double rttMs(String client, String node, double timeMs) {
        if (client.equals(node)) {
            return localMs;
        }
        return rttByPair.getOrDefault(client + "\n" + node, defaultMs);
    }

    @Override
    public String source() {
        return "constant";
    }
}
