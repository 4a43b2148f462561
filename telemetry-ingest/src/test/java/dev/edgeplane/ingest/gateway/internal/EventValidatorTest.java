package dev.edgeplane.ingest.gateway.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Map;

import dev.edgeplane.event.telemetry.LinkLatency;
import dev.edgeplane.event.telemetry.NodeMetrics;
import dev.edgeplane.event.telemetry.ProbeKind;
import dev.edgeplane.event.telemetry.ProbeProtocol;
import dev.edgeplane.event.telemetry.ReplicaMetrics;
import dev.edgeplane.event.telemetry.SourceKind;
import dev.edgeplane.event.telemetry.TelemetrySource;
import dev.edgeplane.ingest.gateway.IngestGatewayConfig;
import org.junit.jupiter.api.Test;

/** The value and reason a rejection reports, for whole-number fields and for percentile order. */
class EventValidatorTest {

    private static final long NOW_MS = 1_796_400_000_000L;
    private static final TelemetrySource SOURCE = new TelemetrySource(SourceKind.EDGE_AGENT, "agent-edge-07");

    private final EventValidator validator = new EventValidator(IngestGatewayConfig.from(Map.of(
            IngestGatewayConfig.BOOTSTRAP_SERVERS, "127.0.0.1:9092",
            IngestGatewayConfig.SCHEMA_REGISTRY_URL, "http://127.0.0.1:8081")));

    private static NodeMetrics.Builder node() {
        return NodeMetrics.newBuilder().setNode("edge-07").setEventTime(Instant.ofEpochMilli(NOW_MS))
                .setReceiveTime(Instant.ofEpochMilli(NOW_MS)).setSource(SOURCE).setCpuUsedCores(1.5)
                .setCpuCapacityCores(4.0).setMemoryUsedBytes(2_147_483_648L).setMemoryCapacityBytes(8_589_934_592L)
                .setRtBandwidthUsedCpus(0.5).setPodCount(12);
    }

    private static ReplicaMetrics.Builder replica() {
        return ReplicaMetrics.newBuilder().setNamespace("city").setPod("camera-a").setFogService("camera")
                .setNode("edge-07").setEventTime(Instant.ofEpochMilli(NOW_MS)).setReceiveTime(Instant.ofEpochMilli(NOW_MS))
                .setSource(SOURCE).setIntervalMs(1000).setLatencyP50Ms(12.0).setLatencyP95Ms(30.0).setLatencyP99Ms(45.5)
                .setRequestRate(120.0).setErrorRate(0.5).setInFlight(3).setServiceMetrics(Map.of());
    }

    private Rejection rejection(EventType type, org.apache.avro.specific.SpecificRecord record) {
        return validator.validate(new Candidate(0, "agent-edge-07:1", type, record), NOW_MS).rejection();
    }

    @Test
    void validEventsPass() {
        assertThat(rejection(EventType.NODE_METRICS, node().build())).isNull();
        assertThat(rejection(EventType.REPLICA_METRICS, replica().build())).isNull();
    }

    @Test
    void wholeNumbersReportedAsSent() {
        Rejection memory = rejection(EventType.NODE_METRICS, node().setMemoryUsedBytes(8_589_934_593L).build());
        Rejection pods = rejection(EventType.NODE_METRICS, node().setPodCount(-1).build());
        Rejection interval = rejection(EventType.REPLICA_METRICS, replica().setIntervalMs(0).build());
        Rejection probes = rejection(EventType.LINK_LATENCY, LinkLatency.newBuilder().setSourceNode("edge-07")
                .setTargetNode("edge-02").setProbeKind(ProbeKind.NODE_TO_NODE).setProtocol(ProbeProtocol.UDP)
                .setEventTime(Instant.ofEpochMilli(NOW_MS)).setReceiveTime(Instant.ofEpochMilli(NOW_MS)).setSource(SOURCE)
                .setProbeCount(0).setRttMicros(850.0).setJitterMicros(40.0).setLossRatio(0.0).build());

        assertThat(memory.field()).isEqualTo("memoryUsedBytes");
        assertThat(memory.value()).isEqualTo("8589934593");
        assertThat(memory.reason()).isEqualTo("memoryUsedBytes must be at most the node's memoryCapacityBytes 8589934592.");
        assertThat(pods.value()).isEqualTo("-1");
        assertThat(pods.reason()).isEqualTo("podCount must not be negative.");
        assertThat(interval.value()).isEqualTo("0");
        assertThat(interval.reason()).isEqualTo("intervalMs must be greater than 0.");
        assertThat(probes.field()).isEqualTo("probeCount");
        assertThat(probes.value()).isEqualTo("0");
    }

    @Test
    void percentileBelowLowerNamesIt() {
        Rejection p95 = rejection(EventType.REPLICA_METRICS, replica().setLatencyP50Ms(100.0).build());
        Rejection p99 = rejection(EventType.REPLICA_METRICS, replica().setLatencyP99Ms(20.0).build());
        Rejection p99WithoutP95 = rejection(EventType.REPLICA_METRICS, replica().setLatencyP95Ms(null)
                .setLatencyP99Ms(10.0).build());
        Rejection negative = rejection(EventType.REPLICA_METRICS, replica().setLatencyP50Ms(null).setLatencyP95Ms(-1.0)
                .setLatencyP99Ms(null).build());

        assertThat(p95.field()).isEqualTo("latencyP95Ms");
        assertThat(p95.value()).isEqualTo("30.0");
        assertThat(p95.reason()).startsWith("latencyP95Ms must be at least latencyP50Ms 100.0");
        assertThat(p99.field()).isEqualTo("latencyP99Ms");
        assertThat(p99.reason()).startsWith("latencyP99Ms must be at least latencyP95Ms 30.0");
        assertThat(p99WithoutP95.reason()).startsWith("latencyP99Ms must be at least latencyP50Ms 12.0");
        assertThat(negative.reason()).isEqualTo("latencyP95Ms must not be negative.");
    }

    @Test
    void controlCharacterInMetricNameRejected() {
        Rejection rejection = rejection(EventType.REPLICA_METRICS, replica().setServiceMetrics(Map.of("queue\u0000depth", 4.0))
                .build());

        assertThat(rejection.field()).isEqualTo("serviceMetrics");
        assertThat(rejection.value()).isEqualTo("queue\u0000depth");
        assertThat(rejection.reason()).contains("must not contain control characters");
    }
}
