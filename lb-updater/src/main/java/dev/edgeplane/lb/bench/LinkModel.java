package dev.edgeplane.lb.bench;

/**
 * Round-trip times between a client node and a replica's node over simulated time. Implementations
 * are deterministic, so every balancer in a run gets the same network.
 */
public interface LinkModel {

    /** Returns the round-trip time in milliseconds from client node {@code client} to {@code node} at a time. */
    double rttMs(String client, String node, double timeMs);

    /** Returns where the values come from, for the report, such as "constant" or the trace files. */
    String source();
}
