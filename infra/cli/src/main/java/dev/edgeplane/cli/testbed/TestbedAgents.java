package dev.edgeplane.cli.testbed;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import dev.edgeplane.cli.EdgeplaneCommand;
import dev.edgeplane.demo.agents.SyntheticProcfs;
import dev.edgeplane.testbed.Testbed;
import dev.edgeplane.testbed.TestbedNamespace;
import dev.edgeplane.testbed.TestbedProcess;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs {@code edgeplane agent} as its own JVM in each node namespace and in the client namespace.
 * Every agent probes every node agent's UDP echo across the emulated links. It sends its events to
 * the ingest gateway in the control namespace, also across its link. Node agents also probe their
 * node's replica over HTTP.
 *
 * <p>Every namespace shares this host's /proc, whose figures are those of the whole machine. So each
 * agent reads its own {@link SyntheticProcfs} folder instead, whose CPU counters this class advances
 * at a fixed 30 % busy share every second, with 40 % of memory in use. The testbed stops the agents
 * on close; {@link #close} stops the counters.
 */
final class TestbedAgents implements AutoCloseable {

    /** Port of every agent's UDP echo responder. */
    static final int ECHO_PORT = 7471;

    private static final Logger log = LoggerFactory.getLogger(TestbedAgents.class);
    private static final List<String> JVM_OPTIONS = List.of("-Xms16m", "-Xmx96m", "-XX:+UseSerialGC",
            "-XX:TieredStopAtLevel=1", "-Xss512k");
    private static final double CPU_SHARE = 0.3;
    private static final double MEMORY_SHARE = 0.4;
    private static final int CPUS = 4;
    private static final long MEMORY_BYTES = 8L << 30;

    private final Map<String, SyntheticProcfs> procfs = new ConcurrentHashMap<>();
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "edgeplane-testbed-procfs");
        thread.setDaemon(true);
        return thread;
    });
    private final List<TestbedProcess> agents = new ArrayList<>();
    private long lastTickNanos = System.nanoTime();

    private TestbedAgents() {
        ticker.scheduleAtFixedRate(this::tick, 1, 1, TimeUnit.SECONDS);
    }

    /**
     * Starts one agent per node namespace and one in the client namespace, named {@code clientNode},
     * blocking until each prints its start line.
     *
     * @param gatewayUrl base URL of the ingest gateway in the control namespace
     * @param replicaUrls the replica each node's agent probes, by node name, as {@code NAMESPACE/POD/FOGSERVICE/URL}
     */
    static TestbedAgents start(Testbed testbed, String gatewayUrl, String clientNode, Map<String, String> replicaUrls) {
        TestbedAgents started = new TestbedAgents();
        try {
            for (TestbedNamespace node : testbed.nodes()) {
                String name = node.cityNode().orElseThrow();
                started.startAgent(testbed, node, name, gatewayUrl, replicaUrls.get(name));
            }
            started.startAgent(testbed, testbed.client(), clientNode, gatewayUrl, null);
            return started;
        } catch (RuntimeException e) {
            started.close();
            throw e;
        }
    }

    private void startAgent(Testbed testbed, TestbedNamespace namespace, String node, String gatewayUrl, String replica) {
        Path folder = testbed.folder().resolve("procfs").resolve(node);
        procfs.put(node, new SyntheticProcfs(folder, CPUS, MEMORY_BYTES));
        List<String> arguments = new ArrayList<>(List.of("agent", "--node", node, "--gateway", gatewayUrl,
                "--echo-port", Integer.toString(ECHO_PORT), "--proc-root", folder.toString()));
        for (TestbedNamespace peer : testbed.nodes()) {
            if (!peer.name().equals(namespace.name())) {
                arguments.add("--peer");
                arguments.add(peer.cityNode().orElseThrow() + "=" + peer.address() + ":" + ECHO_PORT);
            }
        }
        if (replica != null) {
            arguments.add("--replica");
            arguments.add(replica);
        }
        // ICMP stays off: the link emulator relays only TCP and UDP, so ICMP echoes would bypass the link delays.
        for (String setting : List.of("agent.probe.protocols=UDP", "agent.probe.icmp=off", "agent.probe.interval.ms=1000",
                "agent.probe.count=3",
                "agent.probe.spacing.ms=20", "agent.probe.timeout.ms=900", "agent.node.metrics.interval.ms=1000",
                "agent.rt.scan.enabled=false", "agent.pods.cgroup.path=",
                "agent.clock.ticks.per.second=" + SyntheticProcfs.TICKS_PER_SECOND,
                "agent.replica.probe.interval.ms=250", "agent.replica.probe.timeout.ms=2000",
                "agent.replica.report.interval.ms=500", "agent.send.linger.ms=200", "agent.send.backoff.max.ms=2000")) {
            arguments.add("--set");
            arguments.add(setting);
        }
        agents.add(testbed.startProcess("agent-" + node, namespace, EdgeplaneCommand.class.getName(), arguments,
                JVM_OPTIONS, "Edge agent "));
    }

    /** Returns the agent processes, node agents first. */
    List<TestbedProcess> processes() {
        return List.copyOf(agents);
    }

    private void tick() {
        long now = System.nanoTime();
        long elapsed = now - lastTickNanos;
        lastTickNanos = now;
        try {
            procfs.values().forEach(folder -> folder.advance(elapsed, CPU_SHARE, MEMORY_SHARE));
        } catch (RuntimeException e) {
            log.warn("Advancing the agents' procfs counters failed; retrying in a second", e);
        }
    }

    /** Stops the counters; the testbed stops the agent processes. */
    @Override
    public void close() {
        ticker.shutdownNow();
    }
}
