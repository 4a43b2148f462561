package dev.edgeplane.schemas.testing;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import dev.edgeplane.event.audit.ActionAudit;
import dev.edgeplane.event.audit.ActionKind;
import dev.edgeplane.event.audit.ActionOutcome;
import dev.edgeplane.event.cluster.ConditionStatus;
import dev.edgeplane.event.cluster.FogServiceDependency;
import dev.edgeplane.event.cluster.FogServiceInventory;
import dev.edgeplane.event.cluster.FogServiceMetricTarget;
import dev.edgeplane.event.cluster.NodeCondition;
import dev.edgeplane.event.cluster.NodeInventory;
import dev.edgeplane.event.cluster.NodeResources;
import dev.edgeplane.event.cluster.NodeTier;
import dev.edgeplane.event.cluster.PodPhase;
import dev.edgeplane.event.cluster.PodPlacement;
import dev.edgeplane.event.cluster.RealtimeCapability;
import dev.edgeplane.event.common.Evidence;
import dev.edgeplane.event.deadletter.DeadLetter;
import dev.edgeplane.event.deadletter.FailedStage;
import dev.edgeplane.event.deadletter.RecordHeader;
import dev.edgeplane.event.decision.RescheduleDecision;
import dev.edgeplane.event.decision.RescheduleStrategy;
import dev.edgeplane.event.lb.EndpointWeight;
import dev.edgeplane.event.lb.ServiceWeights;
import dev.edgeplane.event.state.NodeHealth;
import dev.edgeplane.event.state.NodeHealthState;
import dev.edgeplane.event.state.ReplicaScore;
import dev.edgeplane.event.telemetry.LinkLatency;
import dev.edgeplane.event.telemetry.NodeMetrics;
import dev.edgeplane.event.telemetry.ProbeKind;
import dev.edgeplane.event.telemetry.ProbeProtocol;
import dev.edgeplane.event.telemetry.ReplicaMetrics;
import dev.edgeplane.event.telemetry.SourceKind;
import dev.edgeplane.event.telemetry.TelemetrySource;
import org.apache.avro.specific.SpecificRecord;

/**
 * One realistic, fully populated instance of every top-level event, taken from a small city
 * scenario: edge node edge-harbor-1 runs a traffic-camera analytics replica and turns DEGRADED.
 * Every optional field is set, so round trips cover both branches of the unions.
 */
public final class SampleEvents {

    public static final Instant T0 = Instant.parse("2025-06-01T08:00:00Z");

    private SampleEvents() {
    }

    /** Returns one sample of each top-level event, in {@code EventSchemas.EVENT_CLASSES} order. */
    public static List<SpecificRecord> all() {
        return List.of(nodeMetrics(), linkLatency(), replicaMetrics(), nodeInventory(), podPlacement(),
                fogServiceInventory(), nodeHealth(), replicaScore(), rescheduleDecision(), serviceWeights(), actionAudit(), deadLetter());
    }

    public static NodeMetrics nodeMetrics() {
        return NodeMetrics.newBuilder()
                .setNode("edge-harbor-1")
                .setEventTime(T0)
                .setReceiveTime(T0.plusMillis(35))
                .setSource(agent("agent-edge-harbor-1"))
                .setCpuUsedCores(3.42)
                .setCpuCapacityCores(4.0)
                .setMemoryUsedBytes(6_442_450_944L)
                .setMemoryCapacityBytes(8_589_934_592L)
                .setRtBandwidthUsedCpus(1.35)
                .setRtBandwidthLimitCpus(3.8)
                .setPodCount(17)
                .build();
    }

    public static LinkLatency linkLatency() {
        return LinkLatency.newBuilder()
                .setSourceNode("edge-station-2")
                .setTargetNode("edge-harbor-1")
                .setProbeKind(ProbeKind.NODE_TO_NODE)
                .setProtocol(ProbeProtocol.UDP)
                .setEventTime(T0)
                .setReceiveTime(T0.plusMillis(20))
                .setSource(agent("agent-edge-station-2"))
                .setProbeCount(10)
                .setRttMicros(4_820.5)
                .setJitterMicros(610.0)
                .setLossRatio(0.1)
                .build();
    }

    public static ReplicaMetrics replicaMetrics() {
        return ReplicaMetrics.newBuilder()
                .setNamespace("city")
                .setPod("camera-analytics-7f9c-x2k4p")
                .setFogService("camera-analytics")
                .setNode("edge-harbor-1")
                .setEventTime(T0)
                .setReceiveTime(T0.plusMillis(41))
                .setSource(TelemetrySource.newBuilder().setKind(SourceKind.PROMETHEUS).setId("job=camera").build())
                .setIntervalMs(5_000L)
                .setLatencyP50Ms(12.5)
                .setLatencyP95Ms(48.0)
                .setLatencyP99Ms(97.3)
                .setRequestRate(220.0)
                .setErrorRate(1.5)
                .setInFlight(9)
                .setServiceMetrics(Map.of("frames.dropped.ratio", 0.02, "inference.ms", 31.0))
                .build();
    }

    public static NodeInventory nodeInventory() {
        return NodeInventory.newBuilder()
                .setNode("edge-harbor-1")
                .setResourceVersion("48213")
                .setObservedTime(T0)
                .setLabels(Map.of("edgeplane.dev/location", "harbor", "edgeplane.dev/tier", "edge"))
                .setLocation("harbor")
                .setTier(NodeTier.EDGE)
                .setCapabilities(List.of("gpu", "sensor:camera"))
                .setCapacity(resources(4.0, 8_589_934_592L, 110))
                .setAllocatable(resources(3.8, 8_053_063_680L, 110))
                .setRealtime(RealtimeCapability.newBuilder()
                        .setCpus(4)
                        .setRtRuntimeMicros(950_000L)
                        .setRtPeriodMicros(1_000_000L)
                        .setPolicies(List.of("FIFO", "RR"))
                        .build())
                .setUnschedulable(false)
                .setConditions(List.of(NodeCondition.newBuilder()
                        .setType("Ready")
                        .setStatus(ConditionStatus.TRUE)
                        .setReason("KubeletReady")
                        .setMessage("kubelet is posting ready status")
                        .setLastTransitionTime(T0.minusSeconds(3_600))
                        .build()))
                .build();
    }

    public static PodPlacement podPlacement() {
        return PodPlacement.newBuilder()
                .setPodUid("5b7e0c1a-3d2f-4c7e-9a51-0f6d2b8e4a10")
                .setNamespace("city")
                .setPod("camera-analytics-7f9c-x2k4p")
                .setResourceVersion("48317")
                .setObservedTime(T0)
                .setFogService("camera-analytics")
                .setCritical(true)
                .setNode("edge-harbor-1")
                .setLocation("harbor")
                .setPhase(PodPhase.RUNNING)
                .setReady(true)
                .setBoundTime(T0.minusSeconds(600))
                .build();
    }

    public static FogServiceInventory fogServiceInventory() {
        return FogServiceInventory.newBuilder()
                .setNamespace("city")
                .setName("camera-analytics")
                .setResourceVersion("48290")
                .setObservedTime(T0)
                .setCritical(true)
                .setLocations(List.of("harbor", "old-town"))
                .setDependencies(List.of(new FogServiceDependency("video-archive", 10_000L)))
                .setMetrics(List.of(new FogServiceMetricTarget("inference.ms", "ms", true, 80.0)))
                .build();
    }

    public static NodeHealth nodeHealth() {
        return NodeHealth.newBuilder()
                .setNode("edge-harbor-1")
                .setState(NodeHealthState.DEGRADED)
                .setPreviousState(NodeHealthState.SUSPECT)
                .setSince(T0)
                .setWindowStart(T0.minusSeconds(10))
                .setWindowEnd(T0)
                .setWindowGraceMs(2_000L)
                .setConsecutiveBadWindows(3)
                .setConsecutiveGoodWindows(0)
                .setVantagePoints(2)
                .setReasons(List.of("CPU use stayed above 85% of capacity for 3 windows"))
                .setEvidence(List.of(cpuEvidence()))
                .build();
    }

    public static ReplicaScore replicaScore() {
        return ReplicaScore.newBuilder()
                .setNamespace("city")
                .setPod("camera-analytics-7f9c-x2k4p")
                .setFogService("camera-analytics")
                .setNode("edge-harbor-1")
                .setWindowStart(T0.minusSeconds(30))
                .setWindowEnd(T0)
                .setScore(41.5)
                .setSampleCount(6)
                .setLatencyP95Ms(48.0)
                .setRequestRate(215.0)
                .setErrorRatio(0.007)
                .setMeanInFlight(8.5)
                .setServiceMetrics(Map.of("inference.ms", 33.0))
                .setMissedTargets(List.of("inference.ms"))
                .build();
    }

    public static RescheduleDecision rescheduleDecision() {
        return RescheduleDecision.newBuilder()
                .setDecisionId("c3f1a9e2d4b6")
                .setDecidedTime(T0)
                .setNamespace("city")
                .setPod("camera-analytics-7f9c-x2k4p")
                .setPodUid("5b7e0c1a-3d2f-4c7e-9a51-0f6d2b8e4a10")
                .setFogService("camera-analytics")
                .setFromNode("edge-harbor-1")
                .setStrategy(RescheduleStrategy.DEGRADED_NODE)
                .setPredictedTarget("edge-station-2")
                .setCurrentScore(22.0)
                .setPredictedScore(81.0)
                .setEvidence(List.of(cpuEvidence()))
                .setMissingInputs(List.of("link-latency from edge-market-3"))
                .build();
    }

    public static ServiceWeights serviceWeights() {
        return ServiceWeights.newBuilder()
                .setNamespace("city")
                .setService("camera-analytics")
                .setClientNode("edge-harbor-1")
                .setGeneration(42L)
                .setComputedTime(T0)
                .setPolicy("latency-aware")
                .setEndpoints(List.of(
                        endpoint("10.42.0.17:8080", "camera-analytics-7f9c-x2k4p", "edge-harbor-1", 0.35, false),
                        endpoint("10.42.1.9:8080", "camera-analytics-7f9c-m8d2q", "edge-station-2", 0.65, true)))
                .build();
    }

    public static ActionAudit actionAudit() {
        return ActionAudit.newBuilder()
                .setDecisionId("c3f1a9e2d4b6")
                .setActionTime(T0.plusSeconds(2))
                .setActor("edgeplane-scheduler")
                .setKind(ActionKind.EVICTION)
                .setOutcome(ActionOutcome.SKIPPED)
                .setReason("camera-analytics would drop below its 2 minimum ready replicas")
                .setNamespace("city")
                .setTarget("camera-analytics-7f9c-x2k4p")
                .setFromNode("edge-harbor-1")
                .setToNode("edge-station-2")
                .setWeightsGeneration(41L)
                .setDetails(Map.of("readyReplicas", "2", "minReady", "2"))
                .build();
    }

    public static DeadLetter deadLetter() {
        return DeadLetter.newBuilder()
                .setSourceTopic("edgeplane.telemetry.node-metrics")
                .setSourcePartition(3)
                .setSourceOffset(1_024L)
                .setSourceTimestamp(T0)
                .setKey(ByteBuffer.wrap("edge-harbor-1".getBytes(StandardCharsets.UTF_8)))
                .setValue(ByteBuffer.wrap(new byte[] {7, 0, 0, 0, 1, 2}))
                .setHeaders(List.of(new RecordHeader("traceparent", ByteBuffer.wrap(new byte[] {1, 2, 3}))))
                .setFailedStage(FailedStage.DESERIALIZATION)
                .setApplication("edgeplane-anomaly")
                .setErrorClass("dev.edgeplane.schemas.serde.WireFormatException")
                .setErrorMessage("Invalid record value in topic 'edgeplane.telemetry.node-metrics': BAD_MAGIC_BYTE")
                .setFailedTime(T0.plusMillis(5))
                .build();
    }

    private static TelemetrySource agent(String id) {
        return TelemetrySource.newBuilder().setKind(SourceKind.EDGE_AGENT).setId(id).build();
    }

    private static NodeResources resources(double cpuCores, long memoryBytes, int pods) {
        return NodeResources.newBuilder().setCpuCores(cpuCores).setMemoryBytes(memoryBytes).setPods(pods).build();
    }

    private static Evidence cpuEvidence() {
        return Evidence.newBuilder()
                .setMetric("node.cpu.used.ratio")
                .setValue(0.91)
                .setThreshold(0.85)
                .setVantagePoint("agent-edge-harbor-1")
                .setWindowStart(T0.minusSeconds(10))
                .setWindowEnd(T0)
                .build();
    }

    private static EndpointWeight endpoint(String address, String pod, String node, double weight, boolean ramping) {
        return EndpointWeight.newBuilder()
                .setEndpoint(address)
                .setPod(pod)
                .setNode(node)
                .setWeight(weight)
                .setUnclampedWeight(ramping ? 0.8 : weight)
                .setLatencyP95Ms(ramping ? 21.0 : 48.0)
                .setErrorRatio(0.004)
                .setInFlight(4.0)
                .setNetworkRttMicros(1_250.0)
                .setRampingUp(ramping)
                .build();
    }
}
