package dev.edgeplane.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;

import dev.edgeplane.schemas.io.IoErrors;
import dev.edgeplane.ingest.agent.AgentConfig;
import dev.edgeplane.ingest.agent.AgentConfigDef;
import dev.edgeplane.ingest.agent.EdgeAgent;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.common.config.ConfigException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code edgeplane agent}: runs the edge agent of one node until Ctrl-C. Settings come from a
 * properties file with the keys of {@link AgentConfigDef}, then from the options, which win.
 */
@Command(name = "agent", mixinStandardHelpOptions = true,
        description = "Runs the edge agent of one node: probes round-trip time, jitter and loss to the control node and"
                + " peers over UDP echo, TCP connect and, where the process may send it, ICMP echo, reads CPU, memory and real-time CPU use from /proc and cgroup v2,"
                + " probes the node's replicas over HTTP, and sends the events to the ingest gateway or straight to Kafka."
                + " Answers other agents' probes on its echo port. Stops cleanly on Ctrl-C (SIGINT) or SIGTERM.")
final class AgentCommand implements Callable<Integer> {

    // How long Ctrl-C waits for the agent to send what it buffered.
    private static final long STOP_WAIT_SECONDS = 30;

    @Spec
    CommandSpec spec;

    @Option(names = "--config", paramLabel = "FILE",
            description = "Properties file with agent settings (keys such as agent.peers, agent.probe.interval.ms); options"
                    + " given on the command line override it.")
    Path configFile;

    @Option(names = "--node", paramLabel = "NAME", description = "Kubernetes name of this node (agent.node).")
    String node;

    @Option(names = "--gateway", paramLabel = "URL",
            description = "Base URL of the ingest gateway, such as http://10.0.0.2:9470 (agent.gateway.url).")
    String gatewayUrl;

    @Option(names = "--gateway-token-file", paramLabel = "FILE",
            description = "File whose first line is the bearer token for the gateway (agent.gateway.token).")
    Path gatewayTokenFile;

    @Option(names = "--bootstrap-server", paramLabel = "HOST:PORT",
            description = "Kafka bootstrap servers, to produce straight to Kafka instead of the gateway (bootstrap.servers).")
    String bootstrapServers;

    @Option(names = "--registry", paramLabel = "URL", description = "Schema registry URL, with --bootstrap-server.")
    String registryUrl;

    @Option(names = "--control", paramLabel = "NODE=HOST:PORT",
            description = "Control node to probe and the port of its echo responder (agent.control.node).")
    String controlNode;

    @Option(names = "--peer", paramLabel = "NODE=HOST:PORT",
            description = "Peer node to probe and the port of its echo responder; repeat for each peer (agent.peers).")
    List<String> peers = new ArrayList<>();

    @Option(names = "--replica", paramLabel = "NAMESPACE/POD/FOGSERVICE/URL",
            description = "Replica on this node to probe with HTTP GET; repeat for each replica (agent.replicas).")
    List<String> replicas = new ArrayList<>();

    @Option(names = "--replicas-file", paramLabel = "FILE",
            description = "File with one NAMESPACE/POD/FOGSERVICE/URL per line (agent.replicas.file).")
    Path replicasFile;

    @Option(names = "--echo-port", paramLabel = "PORT",
            description = "Port of this agent's echo responder, UDP and TCP; 0 picks a free port (agent.echo.port,"
                    + " default 7471).")
    Integer echoPort;

    @Option(names = "--echo-bind", paramLabel = "ADDRESS",
            description = "Address the echo responder listens on (agent.echo.bind.address, default 0.0.0.0).")
    String echoBind;

    @Option(names = "--proc-root", paramLabel = "DIR", description = "Where procfs is mounted (agent.proc.root, default /proc).")
    Path procRoot;

    @Option(names = "--cgroup-root", paramLabel = "DIR",
            description = "Where the cgroup v2 hierarchy is mounted (agent.cgroup.root, default /sys/fs/cgroup).")
    Path cgroupRoot;

    @Option(names = "--set", paramLabel = "KEY=VALUE",
            description = "Any other agent setting, such as --set agent.probe.interval.ms=5000; repeat as needed.")
    List<String> extraSettings = new ArrayList<>();

    private final StopSignal stopSignal = new StopSignal(Duration.ofSeconds(STOP_WAIT_SECONDS));

    @Override
    public Integer call() throws InterruptedException {
        AgentConfig config;
        try {
            config = AgentConfig.from(settings());
        } catch (ConfigException e) {
            throw new ParameterException(spec.commandLine(), "Invalid agent settings: " + e.getMessage());
        }

        PrintWriter out = spec.commandLine().getOut();
        stopSignal.installHook("edgeplane-agent-shutdown");
        try (EdgeAgent agent = EdgeAgent.start(config, new SimpleMeterRegistry(), Clock.systemUTC())) {
            out.println("Edge agent " + config.agentId() + " running on node " + config.node() + ": echo port "
                    + agent.echoPort() + ", " + config.probeTargets().size() + " probe targets, " + config.replicas().size()
                    + " replicas, sending to " + (config.sink() == AgentConfig.Sink.GATEWAY ? config.gatewayUri()
                            : "Kafka at " + config.bootstrapServers()) + ".");
            out.println("Press Ctrl-C to stop.");
            out.flush();
            stopSignal.awaitStop();
        } catch (IOException | ConfigException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        } finally {
            stopSignal.close();
        }
        out.println("Stopped.");
        out.flush();
        return 0;
    }

    /** Requests a running {@link #call} to stop and return; the shutdown hook and tests call it. */
    void stop() {
        stopSignal.stop();
    }

    /** Merges the file, then the named options, then --set; later sources win. */
    Map<String, Object> settings() {
        Map<String, Object> settings = new HashMap<>();
        if (configFile != null) {
            settings.putAll(readProperties(configFile));
        }

        putIfSet(settings, AgentConfigDef.NODE, node);
        putIfSet(settings, AgentConfigDef.GATEWAY_URL, gatewayUrl);
        putIfSet(settings, AgentConfigDef.BOOTSTRAP_SERVERS, bootstrapServers);
        putIfSet(settings, AgentConfigDef.SCHEMA_REGISTRY_URL, registryUrl);
        putIfSet(settings, AgentConfigDef.CONTROL_NODE, controlNode);
        putIfSet(settings, AgentConfigDef.ECHO_PORT, echoPort);
        putIfSet(settings, AgentConfigDef.ECHO_BIND_ADDRESS, echoBind);
        putIfSet(settings, AgentConfigDef.PROC_ROOT, procRoot);
        putIfSet(settings, AgentConfigDef.CGROUP_ROOT, cgroupRoot);
        putIfSet(settings, AgentConfigDef.REPLICAS_FILE, replicasFile);

        if (!peers.isEmpty()) {
            settings.put(AgentConfigDef.PEERS, String.join(",", peers));
        }
        if (!replicas.isEmpty()) {
            settings.put(AgentConfigDef.REPLICAS, String.join(",", replicas));
        }
        if (gatewayTokenFile != null) {
            settings.put(AgentConfigDef.GATEWAY_TOKEN, readToken(gatewayTokenFile));
        }

        for (String entry : extraSettings) {
            int equals = entry.indexOf('=');
            if (equals <= 0) {
                throw new ParameterException(spec.commandLine(), "Invalid --set '" + entry + "': expected KEY=VALUE, such as"
                        + " --set agent.probe.interval.ms=5000.");
            }
            String key = entry.substring(0, equals).strip();
            if (!AgentConfigDef.configDef().names().contains(key)) {
                throw new ParameterException(spec.commandLine(), "Unknown agent setting '" + key + "' in --set. Known"
                        + " settings: " + String.join(", ", AgentConfigDef.configDef().names()) + ".");
            }
            settings.put(key, entry.substring(equals + 1).strip());
        }
        return settings;
    }

    private static void putIfSet(Map<String, Object> settings, String key, Object value) {
        if (value != null) {
            settings.put(key, value.toString());
        }
    }

    private Map<String, Object> readProperties(Path file) {
        Properties properties = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            properties.load(in);
        } catch (IOException e) {
            throw new ParameterException(spec.commandLine(), "Cannot read --config " + file + ": " + IoErrors.describe(e) + ".");
        }
        Map<String, Object> settings = new HashMap<>();
        properties.forEach((key, value) -> settings.put(key.toString(), value.toString()));
        return settings;
    }

    private String readToken(Path file) {
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            if (lines.isEmpty() || lines.get(0).isBlank()) {
                throw new ParameterException(spec.commandLine(), "--gateway-token-file " + file + " is empty: put the"
                        + " token on its first line.");
            }
            return lines.get(0).strip();
        } catch (IOException e) {
            throw new ParameterException(spec.commandLine(), "Cannot read --gateway-token-file " + file + ": "
                    + e.getMessage() + ".");
        }
    }
}
