package dev.edgeplane.lb.bench;

import dev.edgeplane.lb.decide.ReplicaObservation;

/**
 * The control plane's view of the simulation: per replica, the statistics of the window that just
 * closed, as a replica-metrics pipeline would report them, and link probes.
 */
public interface Telemetry {

    /** Returns the last closed window of a replica, observed at its end. */
    ReplicaObservation observation(int replica);

    /** Returns whether a replica is ready now. */
    boolean ready(int replica);

    /** Returns one probe of the round-trip time from a client node to a replica's node now. */
    double probeRttMs(int client, int replica);
}
