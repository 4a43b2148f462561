package dev.edgeplane.ingest.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.edgeplane.ingest.agent.internal.AgentFixtures;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The whole agent on 127.0.0.1: two peer agents' echo responders, a replica, fixture procfs, a fake gateway. */
class EdgeAgentTest {

    @TempDir
    Path root;

    @Test
    void agentSendsAllThreeEventTypes() throws Exception {
        AgentFixtures.copy("node-2cpu", root);
        HttpServer replica = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        replica.createContext("/healthz", exchange -> {
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        replica.start();
        SimpleMeterRegistry meters = new SimpleMeterRegistry();

        try (FakeGateway gateway = FakeGateway.start(0);
                EchoResponder peer = EchoResponder.start("127.0.0.1", 0);
                EchoResponder control = EchoResponder.start("127.0.0.1", 0)) {
            Map<String, Object> settings = new HashMap<>();
            settings.put(AgentConfigDef.NODE, "edge-1");
            settings.put(AgentConfigDef.GATEWAY_URL, gateway.url());
            settings.put(AgentConfigDef.CONTROL_NODE, "control=127.0.0.1:" + control.port());
            settings.put(AgentConfigDef.PEERS, "edge-2=127.0.0.1:" + peer.port());
            settings.put(AgentConfigDef.ECHO_BIND_ADDRESS, "127.0.0.1");
            settings.put(AgentConfigDef.ECHO_PORT, 0);
            settings.put(AgentConfigDef.PROBE_INTERVAL_MS, 500L);
            settings.put(AgentConfigDef.PROBE_COUNT, 3);
            settings.put(AgentConfigDef.PROBE_TIMEOUT_MS, 200L);
            settings.put(AgentConfigDef.NODE_METRICS_INTERVAL_MS, 200L);
            settings.put(AgentConfigDef.PROC_ROOT, root.resolve("proc").toString());
            settings.put(AgentConfigDef.CGROUP_ROOT, root.resolve("cgroup").toString());
            settings.put(AgentConfigDef.REPLICAS, "city/camera-a/video-analytics/http://127.0.0.1:"
                    + replica.getAddress().getPort() + "/healthz");
            settings.put(AgentConfigDef.REPLICA_PROBE_INTERVAL_MS, 50L);
            settings.put(AgentConfigDef.REPLICA_REPORT_INTERVAL_MS, 300L);
            settings.put(AgentConfigDef.SEND_LINGER_MS, 50L);

            try (EdgeAgent agent = EdgeAgent.start(AgentConfig.from(settings), meters, Clock.systemUTC())) {
                assertThat(agent.echoPort()).isPositive();
                await().atMost(Duration.ofSeconds(20)).until(() -> types(gateway).containsAll(
                        List.of("node-metrics", "link-latency", "replica-metrics")));
            }

            List<JsonNode> events = events(gateway);
            JsonNode link = events.stream().filter(e -> e.get("type").asText().equals("link-latency")
                    && e.get("targetNode").asText().equals("control")).findFirst().orElseThrow();
            assertThat(link.get("probeKind").asText()).isEqualTo("CONTROL_TO_NODE");
            assertThat(link.get("lossRatio").asDouble()).isZero();
            List<String> protocols = events.stream().filter(e -> e.get("type").asText().equals("link-latency"))
                    .map(e -> e.get("protocol").asText()).distinct().toList();
            // The default agent.probe.icmp=auto adds ICMP exactly when this process may send it.
            if (IcmpAvailability.detect().available()) {
                assertThat(protocols).containsExactlyInAnyOrder("UDP", "TCP", "ICMP");
            } else {
                assertThat(protocols).containsExactlyInAnyOrder("UDP", "TCP");
            }
            JsonNode node = events.stream().filter(e -> e.get("type").asText().equals("node-metrics")).findFirst().orElseThrow();
            assertThat(node.get("podCount").asInt()).isEqualTo(3);
            assertThat(node.get("cpuCapacityCores").asDouble()).isEqualTo(2.0);
            JsonNode replicaEvent = events.stream().filter(e -> e.get("type").asText().equals("replica-metrics"))
                    .findFirst().orElseThrow();
            assertThat(replicaEvent.get("pod").asText()).isEqualTo("camera-a");
            assertThat(gateway.storedIds()).doesNotHaveDuplicates();
            assertThat(meters.get("edgeplane.agent.buffer.depth").gauge().value()).isZero();
        } finally {
            replica.stop(0);
        }
    }

    @Test
    void portTakenFailsStart() throws IOException {
        try (EchoResponder taken = EchoResponder.start("127.0.0.1", 0)) {
            Map<String, Object> settings = Map.of(AgentConfigDef.NODE, "edge-1",
                    AgentConfigDef.GATEWAY_URL, "http://127.0.0.1:1",
                    AgentConfigDef.ECHO_BIND_ADDRESS, "127.0.0.1",
                    AgentConfigDef.ECHO_PORT, taken.port());

            org.assertj.core.api.Assertions.assertThatThrownBy(
                    () -> EdgeAgent.start(AgentConfig.from(settings), new SimpleMeterRegistry(), Clock.systemUTC()))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("Cannot listen for UDP and TCP on 127.0.0.1:" + taken.port());
        }
    }

    @Test
    void missingProcfsFailsStart() {
        Path missing = root.resolve("no-proc");
        Map<String, Object> settings = Map.of(AgentConfigDef.NODE, "edge-1",
                AgentConfigDef.GATEWAY_URL, "http://127.0.0.1:1",
                AgentConfigDef.ECHO_BIND_ADDRESS, "127.0.0.1",
                AgentConfigDef.ECHO_PORT, 0,
                AgentConfigDef.PROC_ROOT, missing.toString());

        org.assertj.core.api.Assertions.assertThatThrownBy(
                () -> EdgeAgent.start(AgentConfig.from(settings), new SimpleMeterRegistry(), Clock.systemUTC()))
                .isInstanceOf(org.apache.kafka.common.config.ConfigException.class)
                .hasMessageContaining("agent.proc.root")
                .hasMessageContaining("Cannot read " + missing.resolve("stat"))
                .hasMessageContaining("--proc-root");
    }

    private static List<String> types(FakeGateway gateway) {
        return events(gateway).stream().map(e -> e.get("type").asText()).distinct().toList();
    }

    private static List<JsonNode> events(FakeGateway gateway) {
        List<JsonNode> events = new ArrayList<>();
        for (JsonNode body : gateway.bodies()) {
            body.get("events").forEach(events::add);
        }
        return events;
    }
}
