package dev.edgeplane.ingest.agent;

import java.time.Instant;
import java.util.Map;

import dev.edgeplane.event.telemetry.LinkLatency;
import dev.edgeplane.event.telemetry.NodeMetrics;
import dev.edgeplane.event.telemetry.ProbeKind;
import dev.edgeplane.event.telemetry.ProbeProtocol;
import dev.edgeplane.event.telemetry.ReplicaMetrics;
import dev.edgeplane.event.telemetry.SourceKind;
import dev.edgeplane.event.telemetry.TelemetrySource;

/** Valid telemetry records as the agent builds them, for sending tests. */
final class SampleTelemetry {

    static final Instant TIME = Instant.parse("2026-03-01T08:00:00Z");
    private static final TelemetrySource SOURCE = new TelemetrySource(SourceKind.EDGE_AGENT, "agent-edge-1");

    private SampleTelemetry() {
    }

    static LinkLatency link(String targetNode, double rttMicros) {
        return LinkLatency.newBuilder()
                .setSourceNode("edge-1").setTargetNode(targetNode)
                .setProbeKind(ProbeKind.NODE_TO_NODE).setProtocol(ProbeProtocol.UDP)
                .setEventTime(TIME).setReceiveTime(TIME).setSource(SOURCE)
                .setProbeCount(5).setRttMicros(rttMicros).setJitterMicros(null).setLossRatio(0.2)
                .build();
    }

    static NodeMetrics node(double cpuUsedCores) {
        return NodeMetrics.newBuilder()
                .setNode("edge-1").setEventTime(TIME).setReceiveTime(TIME).setSource(SOURCE)
                .setCpuUsedCores(cpuUsedCores).setCpuCapacityCores(4.0)
                .setMemoryUsedBytes(1_000_000_000L).setMemoryCapacityBytes(8_000_000_000L)
                .setRtBandwidthUsedCpus(0.25).setRtBandwidthLimitCpus(3.8).setPodCount(7)
                .build();
    }

    static ReplicaMetrics replica(String pod) {
        return ReplicaMetrics.newBuilder()
                .setNamespace("city").setPod(pod).setFogService("video-analytics").setNode("edge-1")
                .setEventTime(TIME).setReceiveTime(TIME).setSource(SOURCE).setIntervalMs(10_000)
                .setLatencyP50Ms(12.5).setLatencyP95Ms(30.0).setLatencyP99Ms(41.0)
                .setRequestRate(1.0).setErrorRate(0.1).setInFlight(0).setServiceMetrics(Map.of())
                .build();
    }
}
