package dev.edgeplane.anomaly;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import dev.edgeplane.event.cluster.FogServiceDependency;
import dev.edgeplane.event.cluster.FogServiceInventory;
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

/** Builders of input events with the fields the rules read and plain values elsewhere. */
final class Events {

    private Events() {
    }

    /** NodeMetrics of a 4-core node at CPU ratio {@code cpuRatio}, measured at {@code eventMs} and received then. */
    static NodeMetrics metrics(String node, long eventMs, double cpuRatio) {
        return metrics(node, eventMs, eventMs, cpuRatio, 0.5);
    }

    /** NodeMetrics with a receive time apart from the event time and a real-time bandwidth in use, in CPUs of 1.9. */
    static NodeMetrics metrics(String node, long eventMs, long receiveMs, double cpuRatio, double rtUsedCpus) {
        return NodeMetrics.newBuilder()
                .setNode(node)
                .setEventTime(Instant.ofEpochMilli(eventMs))
                .setReceiveTime(Instant.ofEpochMilli(receiveMs))
                .setSource(new TelemetrySource(SourceKind.EDGE_AGENT, "agent-" + node))
                .setCpuUsedCores(4.0 * cpuRatio)
                .setCpuCapacityCores(4.0)
                .setMemoryUsedBytes(1L << 30)
                .setMemoryCapacityBytes(8L << 30)
                .setRtBandwidthUsedCpus(rtUsedCpus)
                .setRtBandwidthLimitCpus(1.9)
                .setPodCount(3)
                .build();
    }

    /** A probe burst from {@code source} to {@code target}; {@code rttMicros} is null when every probe was lost. */
    static LinkLatency probe(String source, String target, long eventMs, Double rttMicros, double loss) {
        return LinkLatency.newBuilder()
                .setSourceNode(source)
                .setTargetNode(target)
                .setProbeKind(ProbeKind.NODE_TO_NODE)
                .setProtocol(ProbeProtocol.ICMP)
                .setEventTime(Instant.ofEpochMilli(eventMs))
                .setReceiveTime(Instant.ofEpochMilli(eventMs))
                .setSource(new TelemetrySource(SourceKind.EDGE_AGENT, "agent-" + source))
                .setProbeCount(5)
                .setRttMicros(rttMicros)
                .setJitterMicros(rttMicros == null ? null : 100.0)
                .setLossRatio(loss)
                .build();
    }

    /** ReplicaMetrics over a one-second interval ending at {@code eventMs}. */
    static ReplicaMetrics replica(String pod, String node, long eventMs, double p95Ms, double requestRate,
            double errorRate, Map<String, Double> serviceMetrics) {
        return ReplicaMetrics.newBuilder()
                .setNamespace("city")
                .setPod(pod)
                .setFogService("camera")
                .setNode(node)
                .setEventTime(Instant.ofEpochMilli(eventMs))
                .setReceiveTime(Instant.ofEpochMilli(eventMs))
                .setSource(new TelemetrySource(SourceKind.EDGE_AGENT, "agent-" + node))
                .setIntervalMs(1000)
                .setLatencyP50Ms(p95Ms / 2)
                .setLatencyP95Ms(p95Ms)
                .setLatencyP99Ms(p95Ms * 1.5)
                .setRequestRate(requestRate)
                .setErrorRate(errorRate)
                .setInFlight(2)
                .setServiceMetrics(serviceMetrics)
                .build();
    }

    /** Builds the spec of FogService city/{@code name}; {@code maxRoundTripMicros} maps each dependency to its bound. */
    static FogServiceInventory fogService(String name, Map<String, Long> maxRoundTripMicros) {
        List<FogServiceDependency> dependencies = new ArrayList<>();
        new TreeMap<>(maxRoundTripMicros).forEach((dependency, bound) ->
                dependencies.add(new FogServiceDependency(dependency, bound)));
        return FogServiceInventory.newBuilder()
                .setNamespace("city")
                .setName(name)
                .setResourceVersion("1")
                .setObservedTime(Instant.ofEpochMilli(0))
                .setCritical(false)
                .setLocations(List.of())
                .setDependencies(dependencies)
                .setMetrics(List.of())
                .build();
    }

    /** Inventory of a schedulable node at {@code location}. */
    static NodeInventory node(String node, String location, boolean unschedulable) {
        NodeResources resources = new NodeResources(4.0, 8L << 30, 110);
        return NodeInventory.newBuilder()
                .setNode(node)
                .setResourceVersion("1")
                .setObservedTime(Instant.ofEpochMilli(0))
                .setLabels(Map.of("edgeplane.dev/location", location))
                .setLocation(location)
                .setTier(NodeTier.EDGE)
                .setCapabilities(List.of())
                .setCapacity(resources)
                .setAllocatable(resources)
                .setRealtime(null)
                .setUnschedulable(unschedulable)
                .setConditions(List.of())
                .build();
    }

    /** A running pod of FogService city/camera on {@code node}. */
    static PodPlacement pod(String uid, String pod, String node, String location, boolean critical) {
        return pod(uid, pod, "camera", node, location, critical);
    }

    /** Builds a running pod of FogService city/{@code fogService} on {@code node}. */
    static PodPlacement pod(String uid, String pod, String fogService, String node, String location, boolean critical) {
        return PodPlacement.newBuilder()
                .setPodUid(uid)
                .setNamespace("city")
                .setPod(pod)
                .setResourceVersion("1")
                .setObservedTime(Instant.ofEpochMilli(0))
                .setFogService(fogService)
                .setCritical(critical)
                .setNode(node)
                .setLocation(location)
                .setPhase(PodPhase.RUNNING)
                .setReady(true)
                .setBoundTime(Instant.ofEpochMilli(0))
                .build();
    }
}
