package dev.edgeplane.bench.internal;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import dev.edgeplane.event.cluster.NodeInventory;
import dev.edgeplane.event.cluster.NodeResources;
import dev.edgeplane.event.cluster.NodeTier;
import dev.edgeplane.event.cluster.PodPhase;
import dev.edgeplane.event.cluster.PodPlacement;
import dev.edgeplane.event.telemetry.LinkLatency;
import dev.edgeplane.event.telemetry.NodeMetrics;
import dev.edgeplane.event.telemetry.ProbeKind;
import dev.edgeplane.event.telemetry.ProbeProtocol;
import dev.edgeplane.event.telemetry.ReplicaMetrics;
import dev.edgeplane.event.telemetry.SourceKind;
import dev.edgeplane.event.telemetry.TelemetrySource;

/**
 * Telemetry and inventory of the anomaly benchmark: nodes {@code PREFIX-N}, ten to a location
 * {@code PREFIX-L} as in a city district, each running one critical camera pod. Immutable.
 */
public final class AnomalyWorkload {

    private final String prefix;

    static final int NODES_PER_LOCATION = 10;

    /** Creates the workload of nodes named {@code prefix-N}. */
    public AnomalyWorkload(String prefix) {
        this.prefix = prefix;
    }

    public String node(int index) {
        return prefix + "-" + index;
    }

    public String location(int index) {
        return prefix + "-" + index / NODES_PER_LOCATION;
    }

    public String podUid(int index) {
        return prefix + "-uid-" + index;
    }

    /** Returns NodeMetrics of node {@code index} at {@code timeMs}, received then, at CPU ratio {@code cpuRatio}. */
    public NodeMetrics metrics(int index, long timeMs, double cpuRatio) {
        return NodeMetrics.newBuilder()
                .setNode(node(index))
                .setEventTime(Instant.ofEpochMilli(timeMs))
                .setReceiveTime(Instant.ofEpochMilli(timeMs))
                .setSource(new TelemetrySource(SourceKind.SIMULATOR, prefix + "-agent-" + index))
                .setCpuUsedCores(4.0 * cpuRatio)
                .setCpuCapacityCores(4.0)
                .setMemoryUsedBytes(2L << 30)
                .setMemoryCapacityBytes(8L << 30)
                .setRtBandwidthUsedCpus(0.4)
                .setRtBandwidthLimitCpus(1.9)
                .setPodCount(4)
                .build();
    }

    /** Returns a probe burst from the node after {@code index} to node {@code index}. */
    public LinkLatency probe(int index, int nodes, long timeMs) {
        return LinkLatency.newBuilder()
                .setSourceNode(node((index + 1) % nodes))
                .setTargetNode(node(index))
                .setProbeKind(ProbeKind.NODE_TO_NODE)
                .setProtocol(ProbeProtocol.ICMP)
                .setEventTime(Instant.ofEpochMilli(timeMs))
                .setReceiveTime(Instant.ofEpochMilli(timeMs))
                .setSource(new TelemetrySource(SourceKind.SIMULATOR, prefix + "-agent-" + ((index + 1) % nodes)))
                .setProbeCount(5)
                .setRttMicros(1_000.0 + index % 7 * 100)
                .setJitterMicros(50.0)
                .setLossRatio(0.0)
                .build();
    }

    /** Returns ReplicaMetrics of the pod on node {@code index}. */
    public ReplicaMetrics replica(int index, long timeMs) {
        return ReplicaMetrics.newBuilder()
                .setNamespace("city")
                .setPod(prefix + "-camera-" + index)
                .setFogService("camera")
                .setNode(node(index))
                .setEventTime(Instant.ofEpochMilli(timeMs))
                .setReceiveTime(Instant.ofEpochMilli(timeMs))
                .setSource(new TelemetrySource(SourceKind.SIMULATOR, prefix + "-agent-" + index))
                .setIntervalMs(1_000)
                .setLatencyP50Ms(20.0)
                .setLatencyP95Ms(45.0)
                .setLatencyP99Ms(70.0)
                .setRequestRate(40.0)
                .setErrorRate(0.0)
                .setInFlight(3)
                .setServiceMetrics(Map.of("detection_latency_ms", 35.0))
                .build();
    }

    public NodeInventory inventory(int index) {
        NodeResources resources = new NodeResources(4.0, 8L << 30, 110);
        return NodeInventory.newBuilder()
                .setNode(node(index))
                .setResourceVersion("1")
                .setObservedTime(Instant.EPOCH)
                .setLabels(Map.of("edgeplane.dev/location", location(index)))
                .setLocation(location(index))
                .setTier(NodeTier.EDGE)
                .setCapabilities(List.of())
                .setCapacity(resources)
                .setAllocatable(resources)
                .setRealtime(null)
                .setUnschedulable(false)
                .setConditions(List.of())
                .build();
    }

    public PodPlacement placement(int index) {
        return PodPlacement.newBuilder()
                .setPodUid(podUid(index))
                .setNamespace("city")
                .setPod(prefix + "-camera-" + index)
                .setResourceVersion("1")
                .setObservedTime(Instant.EPOCH)
                .setFogService("camera")
                .setCritical(true)
                .setNode(node(index))
                .setLocation(location(index))
                .setPhase(PodPhase.RUNNING)
                .setReady(true)
                .setBoundTime(Instant.EPOCH)
                .build();
    }
}
