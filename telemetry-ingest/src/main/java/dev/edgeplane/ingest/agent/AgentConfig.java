package dev.edgeplane.ingest.agent;

import static dev.edgeplane.ingest.agent.AgentConfigDef.*;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import dev.edgeplane.event.telemetry.ProbeProtocol;
import dev.edgeplane.ingest.gateway.KubernetesNames;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigException;

/**
 * Settings of the edge agent, parsed and checked once. The keys and their documentation are in
 * {@link AgentConfigDef}. Immutable and thread-safe.
 */
public final class AgentConfig {

    /** Destination of the agent's events. */
    public enum Sink {
        /** JSON batches to the ingest gateway over HTTP. */
        GATEWAY,
        /** Avro records straight to the telemetry topics. */
        KAFKA
    }

    private final AbstractConfig parsed;
    private final String node;
    private final String agentId;
    private final PeerTarget controlNode;
    private final List<PeerTarget> peers;
    private final List<ProbeProtocol> protocols;
    private final List<ReplicaTarget> replicas;
    private final Sink sink;
    private final URI gatewayUri;

    private AgentConfig(AbstractConfig parsed) {
        this.parsed = parsed;
        node = parsed.getString(NODE).strip();
        if (!KubernetesNames.isValid(node)) {
            // The gateway would reject every event of a node whose name Kubernetes cannot have.
            throw new ConfigException(NODE, node, "Invalid node name: use the Kubernetes node name, lowercase letters,"
                    + " digits, '-' and '.', starting and ending with a letter or digit.");
        }
        String id = parsed.getString(AGENT_ID).strip();
        agentId = id.isEmpty() ? "agent-" + node : id;
        controlNode = parseControlNode(parsed.getString(CONTROL_NODE));
        peers = parsePeers(parsed.getList(PEERS));
        protocols = parsed.getList(PROBE_PROTOCOLS).stream().map(p -> ProbeProtocol.valueOf(p.strip())).distinct().toList();
        replicas = parseReplicas(parsed.getList(REPLICAS), parsed.getString(REPLICAS_FILE));
        sink = chooseSink(parsed);
        gatewayUri = sink == Sink.GATEWAY ? telemetryUri(parsed.getString(GATEWAY_URL)) : null;
        checkCrossKeyRules(parsed);
    }

    /**
     * Parses and checks settings; keys this class does not define are ignored. Reads the replica
     * file when {@value AgentConfigDef#REPLICAS_FILE} is set, so it blocks on that file.
     *
     * @throws ConfigException if a value is missing or invalid, or two values contradict each
     *     other; the message names the keys and values
     */
    public static AgentConfig from(Map<String, ?> settings) {
        return new AgentConfig(new AbstractConfig(AgentConfigDef.CONFIG, settings, false));
    }

    private static PeerTarget parseControlNode(String text) {
        if (text.isBlank()) {
            return null;
        }
        try {
            return PeerTarget.parse(text);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(CONTROL_NODE, text, e.getMessage());
        }
    }

    private List<PeerTarget> parsePeers(List<String> entries) {
        List<PeerTarget> result = new ArrayList<>();
        Set<String> names = new LinkedHashSet<>();
        if (controlNode != null) {
            names.add(controlNode.node());
        }
        for (String entry : entries) {
            if (entry.isBlank()) {
                continue;
            }
            PeerTarget peer;
            try {
                peer = PeerTarget.parse(entry);
            } catch (IllegalArgumentException e) {
                throw new ConfigException(PEERS, entry, e.getMessage());
            }
            if (peer.node().equals(node)) {
                throw new ConfigException(PEERS, entry, "A node does not probe itself: remove " + node + " from "
                        + PEERS + ".");
            }
            if (!names.add(peer.node())) {
                throw new ConfigException(PEERS, entry, "Node " + peer.node() + " is listed twice in " + PEERS + " and "
                        + CONTROL_NODE + ": keep one entry.");
            }
            result.add(peer);
        }
        return List.copyOf(result);
    }

    private static List<ReplicaTarget> parseReplicas(List<String> entries, String file) {
        List<ReplicaTarget> result = new ArrayList<>();
        for (String entry : entries) {
            if (entry.isBlank()) {
                continue;
            }
            try {
                result.add(ReplicaTarget.parse(entry));
            } catch (IllegalArgumentException e) {
                throw new ConfigException(REPLICAS, entry, e.getMessage());
            }
        }
        if (!file.isBlank()) {
            try {
                result.addAll(ReplicaTarget.readFile(Path.of(file)));
            } catch (IllegalArgumentException e) {
                throw new ConfigException(REPLICAS_FILE, file, e.getMessage());
            }
        }
        Set<String> keys = new LinkedHashSet<>();
        for (ReplicaTarget replica : result) {
            if (!keys.add(replica.key())) {
                throw new ConfigException(REPLICAS, replica.key(), "Replica " + replica.key() + " is listed twice in "
                        + REPLICAS + " and " + REPLICAS_FILE + ": keep one entry.");
            }
        }
        return List.copyOf(result);
    }

    private static Sink chooseSink(AbstractConfig parsed) {
        boolean gateway = !parsed.getString(GATEWAY_URL).isBlank();
        boolean kafka = !parsed.getString(BOOTSTRAP_SERVERS).isBlank();
        if (gateway && kafka) {
            throw new ConfigException("Both " + GATEWAY_URL + " (" + parsed.getString(GATEWAY_URL) + ") and "
                    + BOOTSTRAP_SERVERS + " (" + parsed.getString(BOOTSTRAP_SERVERS) + ") are set: set only one, to send"
                    + " through the gateway or straight to Kafka.");
        }
        if (!gateway && !kafka) {
            throw new ConfigException("Neither " + GATEWAY_URL + " nor " + BOOTSTRAP_SERVERS + " is set: set one, such"
                    + " as " + GATEWAY_URL + "=http://10.0.0.2:9470.");
        }
        if (kafka && parsed.getString(SCHEMA_REGISTRY_URL).isBlank()) {
            throw new ConfigException(SCHEMA_REGISTRY_URL + " is missing: " + BOOTSTRAP_SERVERS + " ("
                    + parsed.getString(BOOTSTRAP_SERVERS) + ") produces Avro records, which need the schema registry.");
        }
        return gateway ? Sink.GATEWAY : Sink.KAFKA;
    }

    private static URI telemetryUri(String base) {
        String trimmed = base.strip();
        URI uri;
        try {
            uri = new URI(trimmed.endsWith("/") ? trimmed + "v1/telemetry" : trimmed + "/v1/telemetry");
        } catch (URISyntaxException e) {
            throw new ConfigException(GATEWAY_URL, base, "Not a valid URL: " + e.getReason() + ".");
        }
        String scheme = uri.getScheme();
        if (uri.getHost() == null || !("http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme))) {
            throw new ConfigException(GATEWAY_URL, base, "Use an http:// or https:// URL with a host, such as"
                    + " http://10.0.0.2:9470.");
        }
        return uri;
    }

    private static void checkCrossKeyRules(AbstractConfig parsed) {
        long count = parsed.getInt(PROBE_COUNT);
        long burstMs = count * (parsed.getLong(PROBE_SPACING_MS)) + parsed.getLong(PROBE_TIMEOUT_MS);
        if (burstMs > parsed.getLong(PROBE_INTERVAL_MS)) {
            throw new ConfigException(PROBE_COUNT + " (" + count + ") times " + PROBE_SPACING_MS + " ("
                    + parsed.getLong(PROBE_SPACING_MS) + ") plus " + PROBE_TIMEOUT_MS + " (" + parsed.getLong(PROBE_TIMEOUT_MS)
                    + ") is " + burstMs + " ms, longer than " + PROBE_INTERVAL_MS + " (" + parsed.getLong(PROBE_INTERVAL_MS)
                    + "): a probe burst must fit in one cycle. Raise the interval or lower the others.");
        }
        if (parsed.getLong(SEND_BACKOFF_INITIAL_MS) > parsed.getLong(SEND_BACKOFF_MAX_MS)) {
            throw new ConfigException(SEND_BACKOFF_INITIAL_MS + " (" + parsed.getLong(SEND_BACKOFF_INITIAL_MS)
                    + ") is larger than " + SEND_BACKOFF_MAX_MS + " (" + parsed.getLong(SEND_BACKOFF_MAX_MS)
                    + "): lower the first or raise the second.");
        }
        if (parsed.getInt(BATCH_MAX_EVENTS) > parsed.getInt(BUFFER_MAX_EVENTS)) {
            throw new ConfigException(BATCH_MAX_EVENTS + " (" + parsed.getInt(BATCH_MAX_EVENTS) + ") is larger than "
                    + BUFFER_MAX_EVENTS + " (" + parsed.getInt(BUFFER_MAX_EVENTS) + "): a batch cannot exceed the buffer.");
        }
    }

    public String node() {
        return node;
    }

    /** Returns the source id of the agent's events. */
    public String agentId() {
        return agentId;
    }

    /** Returns the control node to probe, or null when none is set. */
    public PeerTarget controlNode() {
        return controlNode;
    }

    public List<PeerTarget> peers() {
        return peers;
    }

    /** Returns the control node, when set, followed by the peers. */
    public List<PeerTarget> probeTargets() {
        List<PeerTarget> targets = new ArrayList<>();
        if (controlNode != null && !controlNode.node().equals(node)) {
            targets.add(controlNode);
        }
        targets.addAll(peers);
        return List.copyOf(targets);
    }

    public List<ProbeProtocol> protocols() {
        return protocols;
    }

    public List<ReplicaTarget> replicas() {
        return replicas;
    }

    public Sink sink() {
        return sink;
    }

    /** Returns the gateway's batch endpoint, or null when the sink is Kafka. */
    public URI gatewayUri() {
        return gatewayUri;
    }

    /** Returns the bearer token for the gateway, or an empty string for none. */
    public String gatewayToken() {
        return parsed.getPassword(GATEWAY_TOKEN).value();
    }

    public Duration gatewayTimeout() {
        return Duration.ofMillis(parsed.getLong(GATEWAY_TIMEOUT_MS));
    }

    public String bootstrapServers() {
        return parsed.getString(BOOTSTRAP_SERVERS).strip();
    }

    public String schemaRegistryUrl() {
        return parsed.getString(SCHEMA_REGISTRY_URL).strip();
    }

    public Duration kafkaDeliveryTimeout() {
        return Duration.ofMillis(parsed.getLong(KAFKA_DELIVERY_TIMEOUT_MS));
    }

    public boolean echoEnabled() {
        return parsed.getBoolean(ECHO_ENABLED);
    }

    public String echoBindAddress() {
        return parsed.getString(ECHO_BIND_ADDRESS).strip();
    }

    public int echoPort() {
        return parsed.getInt(ECHO_PORT);
    }

    /** Returns whether to probe with ICMP echo as well. */
    public IcmpMode icmpMode() {
        return IcmpMode.valueOf(parsed.getString(PROBE_ICMP).strip().toUpperCase(Locale.ROOT));
    }

    public Duration probeInterval() {
        return Duration.ofMillis(parsed.getLong(PROBE_INTERVAL_MS));
    }

    /** Returns the probe burst settings shared by every target. */
    public ProbeSettings probeSettings() {
        return new ProbeSettings(parsed.getInt(PROBE_COUNT), Duration.ofMillis(parsed.getLong(PROBE_SPACING_MS)),
                Duration.ofMillis(parsed.getLong(PROBE_TIMEOUT_MS)), parsed.getInt(PROBE_THREADS));
    }

    public Duration nodeMetricsInterval() {
        return Duration.ofMillis(parsed.getLong(NODE_METRICS_INTERVAL_MS));
    }

    public Path procRoot() {
        return Path.of(parsed.getString(PROC_ROOT));
    }

    public Path cgroupRoot() {
        return Path.of(parsed.getString(CGROUP_ROOT));
    }

    /** Returns the cgroup whose use counts as the node's, relative to the cgroup root; empty for the whole node. */
    public String cgroupPath() {
        return parsed.getString(CGROUP_PATH).strip();
    }

    /** Returns the parent cgroup of the pods, relative to the cgroup root; empty counts no pods. */
    public String podsCgroupPath() {
        return parsed.getString(PODS_CGROUP_PATH).strip();
    }

    public int clockTicksPerSecond() {
        return parsed.getInt(CLOCK_TICKS_PER_SECOND);
    }

    public boolean rtScanEnabled() {
        return parsed.getBoolean(RT_SCAN_ENABLED);
    }

    public Duration replicaProbeInterval() {
        return Duration.ofMillis(parsed.getLong(REPLICA_PROBE_INTERVAL_MS));
    }

    public Duration replicaProbeTimeout() {
        return Duration.ofMillis(parsed.getLong(REPLICA_PROBE_TIMEOUT_MS));
    }

    public Duration replicaReportInterval() {
        return Duration.ofMillis(parsed.getLong(REPLICA_REPORT_INTERVAL_MS));
    }

    public int bufferMaxEvents() {
        return parsed.getInt(BUFFER_MAX_EVENTS);
    }

    public int batchMaxEvents() {
        return parsed.getInt(BATCH_MAX_EVENTS);
    }

    public Duration sendLinger() {
        return Duration.ofMillis(parsed.getLong(SEND_LINGER_MS));
    }

    public Duration sendBackoffInitial() {
        return Duration.ofMillis(parsed.getLong(SEND_BACKOFF_INITIAL_MS));
    }

    public Duration sendBackoffMax() {
        return Duration.ofMillis(parsed.getLong(SEND_BACKOFF_MAX_MS));
    }
}
