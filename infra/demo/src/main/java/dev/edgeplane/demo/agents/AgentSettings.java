package dev.edgeplane.demo.agents;

import java.time.Duration;

/**
 * Timings of the demo's edge agents. Immutable.
 *
 * @param probeInterval time between two probe cycles of an agent
 * @param probeTimeout time after which a probe without an answer counts as lost
 * @param replicaProbeInterval time between two HTTP probes of one replica
 * @param replicaReportInterval length of the interval one replica-metrics event sums up; match the detector's window
 * @param nodeMetricsInterval time between two node-metrics readings
 */
public record AgentSettings(Duration probeInterval, Duration probeTimeout, Duration replicaProbeInterval,
        Duration replicaReportInterval, Duration nodeMetricsInterval) {

    /** Probes every 0.25 to 1 s and replica reports every 2 s, for a detector with 2 s windows. */
    public static AgentSettings demo() {
        return new AgentSettings(Duration.ofSeconds(1), Duration.ofMillis(500), Duration.ofMillis(250),
                Duration.ofSeconds(2), Duration.ofSeconds(1));
    }
}
