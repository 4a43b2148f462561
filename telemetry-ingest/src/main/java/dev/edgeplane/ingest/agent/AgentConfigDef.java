package dev.edgeplane.ingest.agent;

import java.util.List;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.ValidList;

/** Keys, defaults and documentation of the edge agent's settings; {@link AgentConfig} resolves them. */
public final class AgentConfigDef {

    public static final String NODE = "agent.node";
    private static final String NODE_DOC = "Kubernetes name of the node the agent runs on.";

    public static final String AGENT_ID = "agent.id";
    private static final String AGENT_ID_DOC = "Source id of the agent's events; empty means 'agent-' followed by the"
            + " node name.";

    public static final String CONTROL_NODE = "agent.control.node";
    private static final String CONTROL_NODE_DOC = "Control node to probe, as NODE=HOST:PORT with the port of its echo"
            + " responder; empty probes no control node. Probes between the control node and any node are"
            + " CONTROL_TO_NODE events.";

    public static final String PEERS = "agent.peers";
    private static final String PEERS_DOC = "Peer nodes to probe, comma-separated NODE=HOST:PORT entries with the port"
            + " of each peer's echo responder.";

    public static final String ECHO_ENABLED = "agent.echo.enabled";
    private static final String ECHO_ENABLED_DOC = "Whether the agent runs its own echo responder, which other agents"
            + " probe over UDP and TCP.";

    public static final String ECHO_BIND_ADDRESS = "agent.echo.bind.address";
    private static final String ECHO_BIND_ADDRESS_DOC = "Address the echo responder listens on; 0.0.0.0 listens on"
            + " every interface, so that peers can reach it.";

    public static final String ECHO_PORT = "agent.echo.port";
    private static final String ECHO_PORT_DOC = "Port of the echo responder, for UDP and TCP alike; 0 picks a free"
            + " port.";

    public static final String PROBE_PROTOCOLS = "agent.probe.protocols";
    private static final String PROBE_PROTOCOLS_DOC = "Probe protocols, comma-separated: UDP (echo, gives loss and"
            + " jitter) and TCP (connect time). Each protocol gives its own link-latency event per target. ICMP is"
            + " set by agent.probe.icmp.";

    public static final String PROBE_ICMP = "agent.probe.icmp";
    private static final String PROBE_ICMP_DOC = "Whether the agent also probes every target's host with ICMP echo:"
            + " on, auto or off. ICMP needs CAP_NET_RAW (root, or the NET_RAW capability); 'auto' probes with ICMP"
            + " only when the process has it and logs why not otherwise, 'on' fails at start without it. An ICMP"
            + " probe waits at most the probe timeout and at most 1000 ms, because the JDK sends a new echo request"
            + " every second of a longer wait.";

    public static final String PROBE_INTERVAL_MS = "agent.probe.interval.ms";
    private static final String PROBE_INTERVAL_MS_DOC = "Time between the starts of two probe cycles, in"
            + " milliseconds.";

    public static final String PROBE_COUNT = "agent.probe.count";
    private static final String PROBE_COUNT_DOC = "Probes per target and protocol in one cycle, a count.";

    public static final String PROBE_SPACING_MS = "agent.probe.spacing.ms";
    private static final String PROBE_SPACING_MS_DOC = "Pause between two probes to the same target, in"
            + " milliseconds.";

    public static final String PROBE_TIMEOUT_MS = "agent.probe.timeout.ms";
    private static final String PROBE_TIMEOUT_MS_DOC = "Time after which a probe without a reply counts as lost,"
            + " in milliseconds.";

    public static final String PROBE_THREADS = "agent.probe.threads";
    private static final String PROBE_THREADS_DOC = "Threads that probe targets in parallel, a count.";

    public static final String NODE_METRICS_INTERVAL_MS = "agent.node.metrics.interval.ms";
    private static final String NODE_METRICS_INTERVAL_MS_DOC = "Time between two node metrics readings, in"
            + " milliseconds; CPU use is averaged over this interval.";

    public static final String PROC_ROOT = "agent.proc.root";
    private static final String PROC_ROOT_DOC = "Folder where procfs is mounted; in a pod, mount the host's /proc"
            + " and point this at it.";

    public static final String CGROUP_ROOT = "agent.cgroup.root";
    private static final String CGROUP_ROOT_DOC = "Folder where the cgroup v2 hierarchy is mounted.";

    public static final String CGROUP_PATH = "agent.cgroup.path";
    private static final String CGROUP_PATH_DOC = "Cgroup, relative to " + CGROUP_ROOT + ", whose CPU and"
            + " memory use and limits count as the node's; empty reads the whole node from procfs.";

    public static final String PODS_CGROUP_PATH = "agent.pods.cgroup.path";
    private static final String PODS_CGROUP_PATH_DOC = "Cgroup, relative to " + CGROUP_ROOT + ", under"
            + " which the kubelet creates one cgroup per pod; the agent counts them as the node's pods.";

    public static final String CLOCK_TICKS_PER_SECOND = "agent.clock.ticks.per.second";
    private static final String CLOCK_TICKS_PER_SECOND_DOC = "Unit of the CPU times in /proc/PID/stat, in ticks per"
            + " second (USER_HZ, 100 on common Linux builds).";

    public static final String RT_SCAN_ENABLED = "agent.rt.scan.enabled";
    private static final String RT_SCAN_ENABLED_DOC = "Whether the agent reads every task's scheduling policy and CPU"
            + " time to measure the CPU that real-time tasks use; when false it reports 0.";

    public static final String REPLICAS = "agent.replicas";
    private static final String REPLICAS_DOC = "Replicas on this node to probe, comma-separated"
            + " NAMESPACE/POD/FOGSERVICE/URL entries.";

    public static final String REPLICAS_FILE = "agent.replicas.file";
    private static final String REPLICAS_FILE_DOC = "File with more replicas to probe, one NAMESPACE/POD/FOGSERVICE/URL"
            + " per line; empty reads none.";

    public static final String REPLICA_PROBE_INTERVAL_MS = "agent.replica.probe.interval.ms";
    private static final String REPLICA_PROBE_INTERVAL_MS_DOC = "Time between two HTTP probes of the same replica, in"
            + " milliseconds.";

    public static final String REPLICA_PROBE_TIMEOUT_MS = "agent.replica.probe.timeout.ms";
    private static final String REPLICA_PROBE_TIMEOUT_MS_DOC = "Time after which a replica probe fails as timed out,"
            + " in milliseconds.";

    public static final String REPLICA_REPORT_INTERVAL_MS = "agent.replica.report.interval.ms";
    private static final String REPLICA_REPORT_INTERVAL_MS_DOC = "Length of the interval that one replica-metrics"
            + " event summarizes, in milliseconds.";

    public static final String GATEWAY_URL = "agent.gateway.url";
    private static final String GATEWAY_URL_DOC = "Base URL of the ingest gateway, such as http://10.0.0.2:9470; the"
            + " agent posts to /v1/telemetry under it. Set this or bootstrap.servers.";

    public static final String GATEWAY_TOKEN = "agent.gateway.token";
    private static final String GATEWAY_TOKEN_DOC = "Bearer token sent to the gateway; empty sends none.";

    public static final String GATEWAY_TIMEOUT_MS = "agent.gateway.timeout.ms";
    private static final String GATEWAY_TIMEOUT_MS_DOC = "Time to wait for the gateway's response to one batch, in"
            + " milliseconds.";

    public static final String BOOTSTRAP_SERVERS = "bootstrap.servers";
    private static final String BOOTSTRAP_SERVERS_DOC = "Kafka brokers as HOST:PORT pairs, comma-separated, to produce"
            + " straight to Kafka instead of through the gateway. Set this or agent.gateway.url.";

    public static final String SCHEMA_REGISTRY_URL = "schema.registry.url";
    private static final String SCHEMA_REGISTRY_URL_DOC = "URL of the schema registry for the Avro serializers; needed"
            + " with bootstrap.servers.";

    public static final String KAFKA_DELIVERY_TIMEOUT_MS = "agent.kafka.delivery.timeout.ms";
    private static final String KAFKA_DELIVERY_TIMEOUT_MS_DOC = "Time the Kafka producer retries one record before"
            + " the agent keeps it for a later send, in milliseconds.";

    public static final String BUFFER_MAX_EVENTS = "agent.buffer.max.events";
    private static final String BUFFER_MAX_EVENTS_DOC = "Events kept until acknowledged, a count; when full, the"
            + " oldest event is dropped and counted.";

    public static final String BATCH_MAX_EVENTS = "agent.batch.max.events";
    private static final String BATCH_MAX_EVENTS_DOC = "Events in one batch to the gateway or Kafka, a count.";

    public static final String SEND_LINGER_MS = "agent.send.linger.ms";
    private static final String SEND_LINGER_MS_DOC = "Time the sender waits for a full batch before it sends a"
            + " partial one, in milliseconds.";

    public static final String SEND_BACKOFF_INITIAL_MS = "agent.send.backoff.initial.ms";
    private static final String SEND_BACKOFF_INITIAL_MS_DOC = "Wait after the first failed send, in milliseconds; it"
            + " doubles after each further failure.";

    public static final String SEND_BACKOFF_MAX_MS = "agent.send.backoff.max.ms";
    private static final String SEND_BACKOFF_MAX_MS_DOC = "Longest wait between two send attempts, in milliseconds;"
            + " it also caps a Retry-After from the gateway.";

    static final ConfigDef CONFIG = new ConfigDef()
            .define(NODE, Type.STRING, ConfigDef.NO_DEFAULT_VALUE, new ConfigDef.NonEmptyString(), Importance.HIGH,
                    NODE_DOC)
            .define(AGENT_ID, Type.STRING, "", Importance.LOW, AGENT_ID_DOC)
            .define(CONTROL_NODE, Type.STRING, "", Importance.HIGH, CONTROL_NODE_DOC)
            .define(PEERS, Type.LIST, List.of(), Importance.HIGH, PEERS_DOC)
            .define(ECHO_ENABLED, Type.BOOLEAN, true, Importance.MEDIUM, ECHO_ENABLED_DOC)
            .define(ECHO_BIND_ADDRESS, Type.STRING, "0.0.0.0", new ConfigDef.NonEmptyString(), Importance.MEDIUM,
                    ECHO_BIND_ADDRESS_DOC)
            .define(ECHO_PORT, Type.INT, 7471, Range.between(0, 65_535), Importance.MEDIUM, ECHO_PORT_DOC)
            .define(PROBE_PROTOCOLS, Type.LIST, List.of("UDP", "TCP"), ValidList.in("UDP", "TCP"), Importance.MEDIUM,
                    PROBE_PROTOCOLS_DOC)
            .define(PROBE_ICMP, Type.STRING, "auto", ConfigDef.CaseInsensitiveValidString.in("on", "auto", "off"),
                    Importance.MEDIUM, PROBE_ICMP_DOC)
            .define(PROBE_INTERVAL_MS, Type.LONG, 10_000L, Range.between(100, 3_600_000), Importance.MEDIUM,
                    PROBE_INTERVAL_MS_DOC)
            .define(PROBE_COUNT, Type.INT, 5, Range.between(1, 1_000), Importance.MEDIUM, PROBE_COUNT_DOC)
            .define(PROBE_SPACING_MS, Type.LONG, 20L, Range.between(0, 60_000), Importance.LOW, PROBE_SPACING_MS_DOC)
            .define(PROBE_TIMEOUT_MS, Type.LONG, 1_000L, Range.between(1, 60_000), Importance.MEDIUM,
                    PROBE_TIMEOUT_MS_DOC)
            .define(PROBE_THREADS, Type.INT, 4, Range.between(1, 256), Importance.LOW, PROBE_THREADS_DOC)
            .define(NODE_METRICS_INTERVAL_MS, Type.LONG, 10_000L, Range.between(100, 3_600_000), Importance.MEDIUM,
                    NODE_METRICS_INTERVAL_MS_DOC)
            .define(PROC_ROOT, Type.STRING, "/proc", new ConfigDef.NonEmptyString(), Importance.LOW, PROC_ROOT_DOC)
            .define(CGROUP_ROOT, Type.STRING, "/sys/fs/cgroup", new ConfigDef.NonEmptyString(), Importance.LOW,
                    CGROUP_ROOT_DOC)
            .define(CGROUP_PATH, Type.STRING, "", Importance.LOW, CGROUP_PATH_DOC)
            .define(PODS_CGROUP_PATH, Type.STRING, "kubepods.slice", Importance.LOW, PODS_CGROUP_PATH_DOC)
            .define(CLOCK_TICKS_PER_SECOND, Type.INT, 100, Range.between(1, 1_000_000), Importance.LOW,
                    CLOCK_TICKS_PER_SECOND_DOC)
            .define(RT_SCAN_ENABLED, Type.BOOLEAN, true, Importance.LOW, RT_SCAN_ENABLED_DOC)
            .define(REPLICAS, Type.LIST, List.of(), Importance.MEDIUM, REPLICAS_DOC)
            .define(REPLICAS_FILE, Type.STRING, "", Importance.MEDIUM, REPLICAS_FILE_DOC)
            .define(REPLICA_PROBE_INTERVAL_MS, Type.LONG, 1_000L, Range.between(10, 3_600_000), Importance.MEDIUM,
                    REPLICA_PROBE_INTERVAL_MS_DOC)
            .define(REPLICA_PROBE_TIMEOUT_MS, Type.LONG, 2_000L, Range.between(1, 600_000), Importance.MEDIUM,
                    REPLICA_PROBE_TIMEOUT_MS_DOC)
            .define(REPLICA_REPORT_INTERVAL_MS, Type.LONG, 10_000L, Range.between(100, 3_600_000), Importance.MEDIUM,
                    REPLICA_REPORT_INTERVAL_MS_DOC)
            .define(GATEWAY_URL, Type.STRING, "", Importance.HIGH, GATEWAY_URL_DOC)
            .define(GATEWAY_TOKEN, Type.PASSWORD, "", Importance.MEDIUM, GATEWAY_TOKEN_DOC)
            .define(GATEWAY_TIMEOUT_MS, Type.LONG, 10_000L, Range.between(1, 600_000), Importance.LOW,
                    GATEWAY_TIMEOUT_MS_DOC)
            .define(BOOTSTRAP_SERVERS, Type.STRING, "", Importance.HIGH, BOOTSTRAP_SERVERS_DOC)
            .define(SCHEMA_REGISTRY_URL, Type.STRING, "", Importance.HIGH, SCHEMA_REGISTRY_URL_DOC)
            .define(KAFKA_DELIVERY_TIMEOUT_MS, Type.LONG, 120_000L, Range.between(1_000, Integer.MAX_VALUE),
                    Importance.LOW, KAFKA_DELIVERY_TIMEOUT_MS_DOC)
            .define(BUFFER_MAX_EVENTS, Type.INT, 100_000, Range.between(1, 100_000_000), Importance.MEDIUM,
                    BUFFER_MAX_EVENTS_DOC)
            .define(BATCH_MAX_EVENTS, Type.INT, 500, Range.between(1, 100_000), Importance.MEDIUM,
                    BATCH_MAX_EVENTS_DOC)
            .define(SEND_LINGER_MS, Type.LONG, 1_000L, Range.between(0, 600_000), Importance.LOW, SEND_LINGER_MS_DOC)
            .define(SEND_BACKOFF_INITIAL_MS, Type.LONG, 500L, Range.between(1, 600_000), Importance.LOW,
                    SEND_BACKOFF_INITIAL_MS_DOC)
            .define(SEND_BACKOFF_MAX_MS, Type.LONG, 30_000L, Range.between(1, 3_600_000), Importance.LOW,
                    SEND_BACKOFF_MAX_MS_DOC);

    private AgentConfigDef() {
    }

    /** Returns the definition of every key, for help output and documentation. */
    public static ConfigDef configDef() {
        return new ConfigDef(CONFIG);
    }
}
