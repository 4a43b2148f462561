package dev.edgeplane.ingest.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import dev.edgeplane.event.telemetry.ProbeProtocol;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AgentConfigTest {

    @TempDir
    Path folder;

    private static Map<String, Object> gatewaySettings() {
        Map<String, Object> settings = new HashMap<>();
        settings.put(AgentConfigDef.NODE, "edge-1");
        settings.put(AgentConfigDef.GATEWAY_URL, "http://10.0.0.2:8470");
        return settings;
    }

    @Test
    void defaultsAndDerivedValues() {
        Map<String, Object> settings = gatewaySettings();
        settings.put(AgentConfigDef.CONTROL_NODE, "control=10.0.0.1:7471");
        settings.put(AgentConfigDef.PEERS, "edge-2=10.0.0.12:7471, edge-3=[fd00::13]:7472");

        AgentConfig config = AgentConfig.from(settings);

        assertThat(config.agentId()).isEqualTo("agent-edge-1");
        assertThat(config.sink()).isEqualTo(AgentConfig.Sink.GATEWAY);
        assertThat(config.gatewayUri()).hasToString("http://10.0.0.2:8470/v1/telemetry");
        assertThat(config.protocols()).containsExactly(ProbeProtocol.UDP, ProbeProtocol.TCP);
        assertThat(config.probeTargets()).extracting(PeerTarget::node).containsExactly("control", "edge-2", "edge-3");
        assertThat(config.peers().get(1)).isEqualTo(new PeerTarget("edge-3", "fd00::13", 7472));
        assertThat(config.gatewayToken()).isEmpty();
    }

    @Test
    void bothSinksAreRejected() {
        Map<String, Object> settings = gatewaySettings();
        settings.put(AgentConfigDef.BOOTSTRAP_SERVERS, "127.0.0.1:9092");

        assertThatThrownBy(() -> AgentConfig.from(settings))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("Both agent.gateway.url (http://10.0.0.2:8470) and bootstrap.servers (127.0.0.1:9092)");
    }

    @Test
    void invalidNodeNameRejected() {
        Map<String, Object> settings = gatewaySettings();
        settings.put(AgentConfigDef.NODE, "Bad_Node");

        assertThatThrownBy(() -> AgentConfig.from(settings))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("agent.node")
                .hasMessageContaining("Bad_Node")
                .hasMessageContaining("Kubernetes node name");
    }

    @Test
    void missingSinkIsRejected() {
        assertThatThrownBy(() -> AgentConfig.from(Map.of(AgentConfigDef.NODE, "edge-1")))
                .hasMessageContaining("Neither agent.gateway.url nor bootstrap.servers is set");
    }

    @Test
    void kafkaNeedsRegistry() {
        Map<String, Object> settings = Map.of(AgentConfigDef.NODE, "edge-1", AgentConfigDef.BOOTSTRAP_SERVERS, "127.0.0.1:9092");

        assertThatThrownBy(() -> AgentConfig.from(settings)).hasMessageContaining("schema.registry.url is missing");
    }

    @Test
    void invalidPeerNamesTheEntry() {
        Map<String, Object> settings = gatewaySettings();
        settings.put(AgentConfigDef.PEERS, "edge-2:7471");

        assertThatThrownBy(() -> AgentConfig.from(settings))
                .hasMessageContaining("edge-2:7471")
                .hasMessageContaining("expected NODE=HOST:PORT");
    }

    @Test
    void selfAndRepeatedPeersAreRejected() {
        Map<String, Object> self = gatewaySettings();
        self.put(AgentConfigDef.PEERS, "edge-1=10.0.0.11:7471");
        Map<String, Object> twice = gatewaySettings();
        twice.put(AgentConfigDef.CONTROL_NODE, "control=10.0.0.1:7471");
        twice.put(AgentConfigDef.PEERS, "control=10.0.0.1:7471");

        assertThatThrownBy(() -> AgentConfig.from(self)).hasMessageContaining("A node does not probe itself");
        assertThatThrownBy(() -> AgentConfig.from(twice)).hasMessageContaining("Node control is listed twice");
    }

    @Test
    void burstLongerThanIntervalIsRejected() {
        Map<String, Object> settings = gatewaySettings();
        settings.put(AgentConfigDef.PROBE_INTERVAL_MS, 1_000L);
        settings.put(AgentConfigDef.PROBE_COUNT, 10);
        settings.put(AgentConfigDef.PROBE_SPACING_MS, 100L);

        assertThatThrownBy(() -> AgentConfig.from(settings))
                .hasMessageContaining("agent.probe.count (10) times agent.probe.spacing.ms (100) plus agent.probe.timeout.ms"
                        + " (1000) is 2000 ms, longer than agent.probe.interval.ms (1000)");
    }

    @Test
    void unknownProtocolIsRejected() {
        Map<String, Object> settings = gatewaySettings();
        settings.put(AgentConfigDef.PROBE_PROTOCOLS, "UDP,ICMP");

        assertThatThrownBy(() -> AgentConfig.from(settings)).hasMessageContaining("agent.probe.protocols");
    }

    @Test
    void nonHttpGatewayIsRejected() {
        Map<String, Object> settings = gatewaySettings();
        settings.put(AgentConfigDef.GATEWAY_URL, "ftp://10.0.0.2");

        assertThatThrownBy(() -> AgentConfig.from(settings)).hasMessageContaining("Use an http:// or https:// URL");
    }

    @Test
    void replicasFromListAndFile() throws IOException {
        Path file = folder.resolve("replicas.txt");
        Files.writeString(file, "# replicas on edge-1\n\ncity/camera-b/video-analytics/http://10.42.0.8:8080/healthz\n");
        Map<String, Object> settings = gatewaySettings();
        settings.put(AgentConfigDef.REPLICAS, "city/camera-a/video-analytics/http://10.42.0.7:8080/healthz?probe=1");
        settings.put(AgentConfigDef.REPLICAS_FILE, file.toString());

        AgentConfig config = AgentConfig.from(settings);

        assertThat(config.replicas()).extracting(ReplicaTarget::key).containsExactly("city/camera-a", "city/camera-b");
        assertThat(config.replicas().get(0).url()).hasToString("http://10.42.0.7:8080/healthz?probe=1");
    }

    @Test
    void invalidReplicaFileLineIsNamed() throws IOException {
        Path file = folder.resolve("replicas.txt");
        Files.writeString(file, "city/camera-b/video-analytics/http://10.42.0.8:8080/\ncity/camera-c\n");
        Map<String, Object> settings = gatewaySettings();
        settings.put(AgentConfigDef.REPLICAS_FILE, file.toString());

        assertThatThrownBy(() -> AgentConfig.from(settings))
                .hasMessageContaining("line 2")
                .hasMessageContaining("expected NAMESPACE/POD/FOGSERVICE/URL");
    }

    @Test
    void replicaUrlMustBeHttp() {
        assertThatThrownBy(() -> ReplicaTarget.parse("city/camera-a/video-analytics/tcp://10.42.0.7:8080"))
                .hasMessageContaining("use an http:// or https:// URL");
    }

    @Test
    void invalidPeerNodeNameRejected() {
        Map<String, Object> settings = gatewaySettings();
        settings.put(AgentConfigDef.PEERS, "edge-2=10.0.0.12:7471, Edge_3=10.0.0.13:7471");

        assertThatThrownBy(() -> AgentConfig.from(settings))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("agent.peers")
                .hasMessageContaining("Invalid peer node name 'Edge_3'")
                .hasMessageContaining("lowercase letters");
    }

    @Test
    void invalidControlNodeNameRejected() {
        Map<String, Object> settings = gatewaySettings();
        settings.put(AgentConfigDef.CONTROL_NODE, "Control=10.0.0.1:7471");

        assertThatThrownBy(() -> AgentConfig.from(settings))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("agent.control.node")
                .hasMessageContaining("Invalid peer node name 'Control'");
    }

    @Test
    void invalidReplicaNamesRejected() {
        for (String replica : new String[] {"City/camera-a/video-analytics/http://10.42.0.7:8080/",
                "city/camera_a/video-analytics/http://10.42.0.7:8080/", "city/camera-a/VideoAnalytics/http://10.42.0.7:8080/"}) {
            Map<String, Object> settings = gatewaySettings();
            settings.put(AgentConfigDef.REPLICAS, replica);

            assertThatThrownBy(() -> AgentConfig.from(settings))
                    .as(replica)
                    .isInstanceOf(ConfigException.class)
                    .hasMessageContaining("agent.replicas")
                    .hasMessageContaining("is not a Kubernetes object name");
        }
    }
}
