package dev.edgeplane.demo.agents;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Collectors;

import dev.edgeplane.demo.agents.DelayingEchoServer.LinkCondition;
import dev.edgeplane.demo.replica.FleetListener;
import dev.edgeplane.demo.replica.Replica;
import dev.edgeplane.demo.replica.ReplicaBehaviour;
import dev.edgeplane.demo.replica.ReplicaFleet;
import dev.edgeplane.ingest.agent.AgentConfig;
import dev.edgeplane.ingest.agent.AgentConfigDef;
import dev.edgeplane.ingest.agent.EdgeAgent;
import dev.edgeplane.ingest.simulate.CityNode;
import dev.edgeplane.ingest.simulate.CityTopology;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.common.utils.Utils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One real {@link EdgeAgent} per watched node, in this process, sending JSON batches to the ingest
 * gateway. Each watched node also gets a {@link DelayingEchoServer}, which its peers' agents probe
 * over UDP, and a {@link SyntheticProcfs} folder, which its own agent reads for node metrics. Every
 * agent probes every other watched node and the replicas on its own node.
 *
 * <p>A ticker applies {@link NodeConditions} four times a second: it advances each procfs folder and
 * sets each node's link latency in the {@link ReplicaBehaviour}, so the replica servers answer as slowly
 * as the node's echo does; a stalled node's replicas answer after {@link #STALL_REPLY}.
 *
 * <p>An agent's replica list is fixed when it starts, as it is for the command-line agent, so when the
 * replicas of a watched node change, the fleet restarts that node's agent with the new list; a replica of
 * the watched service on an unwatched node of a watched location, where a moved replica may land, adds
 * that node and restarts every agent with the longer peer list. Restarts run on
 * the fleet's own thread. The caller closes the fleet, which stops every agent, server and thread.
 */
public final class AgentFleet implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(AgentFleet.class);

    /** Time a replica on a stalled node takes to answer: longer than any client or probe waits. */
    public static final Duration STALL_REPLY = Duration.ofSeconds(10);

    private static final long TICK_MS = 250;
    private static final long RESTART_DELAY_MS = 300;
    private static final Duration DRAIN = Duration.ofSeconds(2);

    private final CityTopology city;
    private final NodeConditions conditions;
    private final ReplicaBehaviour behaviour;
    private final ReplicaFleet replicas;
    private final String gatewayBaseUrl;
    private final AgentSettings settings;
    private final Path procRoot;
    private final Consumer<String> progress;
    private final String service;
    private final ScheduledExecutorService echoSender = Executors.newScheduledThreadPool(2, daemon("demo-echo-send"));
    private final ScheduledExecutorService control = Executors.newSingleThreadScheduledExecutor(daemon("demo-agent-fleet"));
    private final Map<String, DelayingEchoServer> echoes = new LinkedHashMap<>();
    private final Map<String, SyntheticProcfs> procfs = new HashMap<>();
    private final Map<String, EdgeAgent> agents = new HashMap<>();
    private final Set<String> restartPending = new LinkedHashSet<>();
    private long lastTickNanos;
    private volatile boolean closed;

    private AgentFleet(CityTopology city, NodeConditions conditions, ReplicaBehaviour behaviour, ReplicaFleet replicas,
            String gatewayBaseUrl, AgentSettings settings, Path procRoot, String service, Consumer<String> progress) {
        this.city = city;
        this.service = service;
        this.conditions = conditions;
        this.behaviour = behaviour;
        this.replicas = replicas;
        this.gatewayBaseUrl = gatewayBaseUrl;
        this.settings = settings;
        this.procRoot = procRoot;
        this.progress = progress;
    }

    /**
     * Starts agents on {@code nodes}. Blocks until every echo server listens and every agent runs.
     *
     * @param gatewayBaseUrl base URL of the ingest gateway, such as {@code http://127.0.0.1:8470}
     * @param service FogService whose replicas, when they start on a node no agent watches, add that node
     * @param progress receives a line whenever agents start or restart
     * @throws IOException if an echo server cannot bind or an agent cannot start
     */
    public static AgentFleet start(CityTopology city, NodeConditions conditions, ReplicaBehaviour behaviour,
            ReplicaFleet replicas, String gatewayBaseUrl, AgentSettings settings, List<String> nodes, String service,
            Consumer<String> progress) throws IOException {
        AgentFleet fleet = new AgentFleet(city, conditions, behaviour, replicas, gatewayBaseUrl, settings,
                Files.createTempDirectory("edgeplane-demo-proc-"), service, progress);
        try {
            fleet.startAll(nodes);
        } catch (IOException | RuntimeException e) {
            fleet.close();
            throw e;
        }
        return fleet;
    }

    /**
     * Chooses the nodes to watch: the clients' node, the faulty node, the other edge nodes of their
     * locations, then the edge nodes nearest to the clients' node, until {@code count} nodes. Every
     * watched node is probed by all the others, so with three or more each is seen from at least two
     * vantage points. Replicas on nodes no agent watches are not measured, so the load balancer leaves them out.
     */
    public static List<String> chooseNodes(CityTopology city, String clientNode, String faultNode, int count) {
        Set<String> chosen = new LinkedHashSet<>();
        chosen.add(clientNode);
        chosen.add(faultNode);
        Set<String> locations = chosen.stream().map(name -> city.node(name).orElseThrow(() ->
                new IllegalArgumentException("Node " + name + " is not a node of the city")).location().name())
                .collect(Collectors.toSet());
        city.nodes(CityNode.Tier.EDGE).stream().filter(n -> locations.contains(n.location().name()))
                .map(CityNode::name).forEach(chosen::add);
        CityNode client = city.node(clientNode).orElseThrow();
        city.nodes(CityNode.Tier.EDGE).stream()
                .sorted(Comparator.comparingLong((CityNode n) -> city.roundTripMicros(client, n)).thenComparing(CityNode::name))
                .map(CityNode::name)
                .forEach(name -> {
                    if (chosen.size() < count) {
                        chosen.add(name);
                    }
                });
        return List.copyOf(chosen);
    }

    /** Returns the watched nodes, in the order they were added. */
    public synchronized List<String> nodes() {
        return List.copyOf(echoes.keySet());
    }

    /** Returns {@code node}'s echo server, or null when the node is not watched. */
    public synchronized DelayingEchoServer echo(String node) {
        return echoes.get(node);
    }

    private synchronized void startAll(List<String> nodes) throws IOException {
        for (String node : nodes) {
            addNode(node);
        }
        tick();
        for (String node : nodes) {
            startAgent(node);
        }
        progress.accept("Started " + nodes.size() + " edge agents on " + nodes + ", each probing the others' echo "
                + "endpoints over UDP and the replicas on its node");
        lastTickNanos = System.nanoTime();
        control.scheduleAtFixedRate(this::tickSafely, TICK_MS, TICK_MS, TimeUnit.MILLISECONDS);
        replicas.addListener(new FleetListener() {
            @Override
            public void replicaStarted(Replica replica) {
                replicaChanged(replica);
            }

            @Override
            public void replicaStopped(Replica replica, String reason) {
                replicaChanged(replica);
            }
        });
    }

    private void addNode(String node) throws IOException {
        CityNode cityNode = city.node(node).orElseThrow(() -> new IllegalArgumentException("Node " + node
                + " is not a node of the city"));
        echoes.put(node, DelayingEchoServer.start(node, () -> conditions.link(node), echoSender));
        procfs.put(node, new SyntheticProcfs(procRoot.resolve(node), cityNode.cpuCores(),
                cityNode.memoryMebibytes() * 1_048_576L));
    }

    private void startAgent(String node) throws IOException {
        Map<String, Object> config = new HashMap<>();
        config.put(AgentConfigDef.NODE, node);
        config.put(AgentConfigDef.GATEWAY_URL, gatewayBaseUrl);
        config.put(AgentConfigDef.ECHO_ENABLED, false);
        config.put(AgentConfigDef.PROBE_PROTOCOLS, "UDP");
        // Every peer is on 127.0.0.1, which replies to ICMP at once, so ICMP would hide the simulated link delays.
        config.put(AgentConfigDef.PROBE_ICMP, "off");
        config.put(AgentConfigDef.PEERS, echoes.entrySet().stream().filter(e -> !e.getKey().equals(node))
                .map(e -> e.getKey() + "=127.0.0.1:" + e.getValue().port()).collect(Collectors.joining(",")));
        config.put(AgentConfigDef.PROBE_INTERVAL_MS, settings.probeInterval().toMillis());
        config.put(AgentConfigDef.PROBE_COUNT, 3);
        config.put(AgentConfigDef.PROBE_SPACING_MS, 20L);
        config.put(AgentConfigDef.PROBE_TIMEOUT_MS, settings.probeTimeout().toMillis());
        config.put(AgentConfigDef.NODE_METRICS_INTERVAL_MS, settings.nodeMetricsInterval().toMillis());
        config.put(AgentConfigDef.PROC_ROOT, procfs.get(node).folder().toString());
        config.put(AgentConfigDef.RT_SCAN_ENABLED, false);
        config.put(AgentConfigDef.PODS_CGROUP_PATH, "");
        config.put(AgentConfigDef.CLOCK_TICKS_PER_SECOND, SyntheticProcfs.TICKS_PER_SECOND);
        config.put(AgentConfigDef.REPLICAS, replicas.replicas().stream().filter(r -> r.node().equals(node))
                .sorted(Comparator.comparing(Replica::pod))
                .map(r -> r.namespace() + "/" + r.pod() + "/" + r.service() + "/http://" + r.endpoint() + "/")
                .collect(Collectors.joining(",")));
        config.put(AgentConfigDef.REPLICA_PROBE_INTERVAL_MS, settings.replicaProbeInterval().toMillis());
        config.put(AgentConfigDef.REPLICA_PROBE_TIMEOUT_MS, 2_000L);
        config.put(AgentConfigDef.REPLICA_REPORT_INTERVAL_MS, settings.replicaReportInterval().toMillis());
        config.put(AgentConfigDef.SEND_LINGER_MS, 200L);
        config.put(AgentConfigDef.SEND_BACKOFF_MAX_MS, 2_000L);
        agents.put(node, EdgeAgent.start(AgentConfig.from(config), new SimpleMeterRegistry(), Clock.systemUTC()));
    }

    private void replicaChanged(Replica replica) {
        synchronized (this) {
            if (closed || (!echoes.containsKey(replica.node()) && !(service.equals(replica.service())
                    && watchedLocation(replica.node()))) || !restartPending.add(replica.node())) {
                return;
            }
        }
        // Several replicas of a node often change together, so one restart covers them.
        control.schedule(this::restartPending, RESTART_DELAY_MS, TimeUnit.MILLISECONDS);
    }

    /** Returns whether a watched node shares {@code node}'s location, where a moved replica of the service lands. */
    private boolean watchedLocation(String node) {
        String location = city.node(node).map(n -> n.location().name()).orElse("");
        return echoes.keySet().stream().anyMatch(name -> city.node(name).map(n -> n.location().name())
                .filter(location::equals).isPresent());
    }

    private synchronized void restartPending() {
        if (closed || restartPending.isEmpty()) {
            return;
        }
        List<String> nodes = new ArrayList<>(restartPending);
        restartPending.clear();
        try {
            List<String> added = new ArrayList<>();
            for (String node : nodes) {
                if (!echoes.containsKey(node)) {
                    addNode(node);
                    added.add(node);
                }
            }
            List<String> restart = added.isEmpty() ? nodes : List.copyOf(echoes.keySet());
            for (String node : restart) {
                EdgeAgent old = agents.remove(node);
                if (old != null) {
                    old.close(DRAIN);
                }
                startAgent(node);
            }
            progress.accept(added.isEmpty() ? "Restarted the edge agents of " + restart + " with their new replica lists"
                    : "Added edge agents on " + added + " and restarted every agent with the longer peer list");
        } catch (IOException | RuntimeException e) {
            log.warn("Restarting the edge agents of {} failed; their telemetry is missing until the next change", nodes, e);
            progress.accept("Restarting the edge agents of " + nodes + " failed: " + e.getMessage());
        }
    }

    private void tickSafely() {
        try {
            tick();
        } catch (RuntimeException e) {
            log.warn("Applying the node conditions failed; trying again at the next tick", e);
        }
    }

    private synchronized void tick() {
        if (closed) {
            return;
        }
        long now = System.nanoTime();
        long elapsed = lastTickNanos == 0 ? 0 : now - lastTickNanos;
        lastTickNanos = now;
        for (String node : conditions.nodes()) {
            LinkCondition link = conditions.link(node);
            behaviour.setLinkLatency(node, link.answering() ? link.latency() : STALL_REPLY);
        }
        for (Map.Entry<String, SyntheticProcfs> entry : procfs.entrySet()) {
            double cpu = conditions.cpuShare(entry.getKey());
            entry.getValue().advance(elapsed, cpu, 0.4);
        }
    }

    /** Stops every agent, waiting up to 2 s each for its buffered events, then the echo servers and threads. */
    @Override
    public void close() {
        List<EdgeAgent> running;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            running = new ArrayList<>(agents.values());
            agents.clear();
        }
        control.shutdownNow();
        running.forEach(agent -> agent.close(DRAIN));
        synchronized (this) {
            echoes.values().forEach(DelayingEchoServer::close);
        }
        echoSender.shutdownNow();
        deleteRecursively(procRoot);
    }

    private static void deleteRecursively(Path dir) {
        try {
            // Kafka's own recursive delete, which also tolerates files that vanish meanwhile.
            Utils.delete(dir.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("Could not delete the procfs folder " + dir + "; delete it by hand", e);
        }
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return task -> {
            Thread thread = new Thread(task, name);
            thread.setDaemon(true);
            return thread;
        };
    }
}
