package dev.edgeplane.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class AgentCommandTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @TempDir
    Path folder;

    @Test
    void missingSinkIsUsageError() {
        CommandRun run = CommandRun.execute(new AgentCommand(), "--node", "edge-1");

        assertThat(run.exitCode()).isEqualTo(CommandLine.ExitCode.USAGE);
        assertThat(run.err()).startsWith("Invalid agent settings: Neither agent.gateway.url nor bootstrap.servers is set");
    }

    @Test
    void unknownSettingIsNamed() {
        CommandRun run = CommandRun.execute(new AgentCommand(), "--node", "edge-1", "--gateway", "http://127.0.0.1:1",
                "--set", "agent.probe.intervall.ms=5");

        assertThat(run.exitCode()).isEqualTo(CommandLine.ExitCode.USAGE);
        assertThat(run.err()).startsWith("Unknown agent setting 'agent.probe.intervall.ms' in --set.");
    }

    @Test
    void optionsOverrideConfigFile() throws IOException {
        Path file = Files.writeString(folder.resolve("agent.properties"),
                "agent.node=edge-9\nagent.gateway.url=http://127.0.0.1:1\nagent.probe.count=7\n");
        AgentCommand command = new AgentCommand();
        new CommandLine(command).parseArgs("--config", file.toString(), "--node", "edge-1", "--peer", "edge-2=10.0.0.2:7471",
                "--peer", "edge-3=10.0.0.3:7471");

        var settings = command.settings();

        assertThat(settings).containsEntry("agent.node", "edge-1")
                .containsEntry("agent.probe.count", "7")
                .containsEntry("agent.peers", "edge-2=10.0.0.2:7471,edge-3=10.0.0.3:7471");
    }

    @Test
    void runsSendsNodeMetricsAndStops() throws Exception {
        assumeTrue(Files.isReadable(Path.of("/proc/stat")), "needs Linux procfs at /proc");
        List<JsonNode> events = new CopyOnWriteArrayList<>();
        HttpServer gateway = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        gateway.createContext("/v1/telemetry", exchange -> {
            JsonNode body;
            try (InputStream in = exchange.getRequestBody()) {
                body = MAPPER.readTree(in);
            }
            body.get("events").forEach(events::add);
            byte[] answer = ("{\"accepted\":" + body.get("events").size() + ",\"duplicates\":0,\"rejected\":[]}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, answer.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(answer);
            }
        });
        gateway.start();
        try {
            AgentCommand command = new AgentCommand();
            StringWriter out = new StringWriter();
            CommandLine commandLine = new CommandLine(command);
            commandLine.setOut(new PrintWriter(out, true));
            commandLine.setErr(new PrintWriter(new StringWriter(), true));
            CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> commandLine.execute(
                    "--node", "edge-1", "--gateway", "http://127.0.0.1:" + gateway.getAddress().getPort(),
                    "--echo-bind", "127.0.0.1", "--echo-port", "0",
                    "--set", "agent.node.metrics.interval.ms=200", "--set", "agent.send.linger.ms=20"));

            await().atMost(Duration.ofSeconds(20)).until(() -> out.toString().contains("Press Ctrl-C to stop."));
            await().atMost(Duration.ofSeconds(20)).until(() -> events.stream()
                    .anyMatch(e -> e.get("type").asText().equals("node-metrics")));
            command.stop();

            assertThat(exit.get()).isZero();
            assertThat(out.toString()).contains("Edge agent agent-edge-1 running on node edge-1").contains("Stopped.");
            JsonNode metrics = events.stream().filter(e -> e.get("type").asText().equals("node-metrics")).findFirst()
                    .orElseThrow();
            assertThat(metrics.get("node").asText()).isEqualTo("edge-1");
            assertThat(metrics.get("cpuCapacityCores").asDouble()).isPositive();
            assertThat(metrics.get("memoryCapacityBytes").asLong()).isPositive();
        } finally {
            gateway.stop(0);
        }
    }
}
