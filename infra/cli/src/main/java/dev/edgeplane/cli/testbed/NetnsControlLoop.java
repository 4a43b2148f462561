package dev.edgeplane.cli.testbed;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;

import dev.edgeplane.testbed.LinkSettings;
import dev.edgeplane.testbed.Testbed;
import dev.edgeplane.testbed.TestbedConfig;
import dev.edgeplane.testbed.TestbedException;
import dev.edgeplane.testbed.TestbedNamespace;
import dev.edgeplane.testbed.TestbedProcess;
import dev.edgeplane.testbed.Workloads;

/**
 * The control loop across a testbed's network namespaces ({@code edgeplane demo --testbed netns}):
 * replica processes in the first node namespaces, the control plane ({@link ControlPlaneMain}) in the
 * control namespace, {@code edgeplane agent} in every node namespace and in the client namespace,
 * and a link-delay fault on one replica's node that the control plane learns of only through the
 * agents' probes. {@link NetnsScenario} runs it with the other faults, and {@link NetnsWeightShift}
 * adds the kernel data plane.
 *
 * <p>Blocks for the whole run; the caller owns the testbed, whose close stops every process started here.
 */
public final class NetnsControlLoop {

    /** Ports the control plane listens on in the control namespace. */
    public static final int BROKER_PORT = 9092;
    public static final int REGISTRY_PORT = 8081;
    public static final int GATEWAY_PORT = 8470;

    private static final List<String> CONTROL_PLANE_JVM = List.of("-Xms64m", "-Xmx768m", "-XX:+UseSerialGC",
            "-XX:TieredStopAtLevel=1");
    private static final Duration POLL = Duration.ofMillis(100);

    private final Testbed testbed;
    private final Settings settings;
    private final Consumer<String> progress;
    private final List<TestbedProcess> replicas = new ArrayList<>();
    private TestbedProcess controlPlane;
    private TestbedAgents agents;
    private ObservedEvents events;
    private long telemetryMs;
    private Map<String, String> initialHealth;

    private NetnsControlLoop(Testbed testbed, Settings settings, Consumer<String> progress) {
        this.testbed = testbed;
        this.settings = settings;
        this.progress = progress;
    }

    /**
     * Settings of a run.
     *
     * @param replicas replica processes, one per node namespace from the first
     * @param faultDelayMicros one-way delay the link-delay fault adds to the faulty node's link
     * @param faultLossRatio share of UDP datagrams the link-loss fault drops on the faulty node's link
     * @param stepTimeout longest wait for each observed step
     */
    public record Settings(int replicas, long faultDelayMicros, double faultLossRatio, Duration stepTimeout) {
        public Settings {
            if (replicas < 2) {
                throw new IllegalArgumentException("The loop needs at least 2 replicas so that weights can shift, not "
                        + replicas);
            }
            if (faultDelayMicros <= 0) {
                throw new IllegalArgumentException("Invalid fault delay " + faultDelayMicros + " µs: give a positive delay");
            }
            if (!(faultLossRatio > 0.0 && faultLossRatio <= 1.0)) {
                throw new IllegalArgumentException("Invalid fault loss ratio " + faultLossRatio
                        + ": give a share of datagrams above 0 and at most 1");
            }
        }
    }

    /**
     * Measurements of the link-delay fault.
     *
     * @param telemetryMs time from the control plane's start line to node health for every node
     * @param initialHealth each node's state before the fault
     * @param faultyNode the node whose link was slowed
     * @param faultToDetectionMs time from the fault to the node leaving HEALTHY on the node-health topic
     * @param detectedState the state it left HEALTHY for
     * @param faultToDecisionMs time from the fault to a reschedule decision for a pod on the node
     * @param decidedPod the pod of that decision
     */
    public record FaultReport(long telemetryMs, Map<String, String> initialHealth, String faultyNode,
            long faultToDetectionMs, String detectedState, long faultToDecisionMs, String decidedPod) {
    }

    /** Returns the relay ports the loop needs besides the testbed's defaults, as testbed settings. */
    public static Map<String, String> testbedSettings() {
        return Map.of(TestbedConfig.RELAY_TCP_PORTS, String.join(",", List.of(
                        Integer.toString(TestbedConfig.REPLICA_HTTP_PORT), Integer.toString(TestbedConfig.TCP_ECHO_PORT),
                        Integer.toString(BROKER_PORT), Integer.toString(REGISTRY_PORT), Integer.toString(GATEWAY_PORT))),
                TestbedConfig.RELAY_UDP_PORTS, TestbedConfig.UDP_ECHO_PORT + "," + TestbedAgents.ECHO_PORT);
    }

    /**
     * Starts the replicas, the control plane and the agents, and blocks until node health for every
     * node namespace arrives.
     *
     * @throws IllegalArgumentException if the testbed has fewer node namespaces than replicas
     * @throws StepNotObservedException if node health does not arrive within the step timeout
     * @throws TestbedException if a process fails to start
     */
    public static NetnsControlLoop start(Testbed testbed, Settings settings, Consumer<String> progress) {
        if (testbed.nodes().size() < settings.replicas()) {
            throw new IllegalArgumentException("The testbed has " + testbed.nodes().size() + " node namespaces, fewer "
                    + "than the " + settings.replicas() + " replicas asked for; lower the replicas or add nodes");
        }
        NetnsControlLoop loop = new NetnsControlLoop(testbed, settings, progress);
        loop.startProcesses();
        return loop;
    }

    private void startProcesses() {
        List<String> arguments = new ArrayList<>(List.of(testbed.control().address(),
                Long.toString(testbed.config().citySeed()), Integer.toString(testbed.config().edgeNodes()),
                Integer.toString(BROKER_PORT), Integer.toString(REGISTRY_PORT), Integer.toString(GATEWAY_PORT)));
        Map<String, String> replicaUrls = new LinkedHashMap<>();
        for (int i = 0; i < settings.replicas(); i++) {
            TestbedNamespace node = testbed.nodes().get(i);
            String pod = pod(i);
            replicas.add(Workloads.startReplica(testbed, node, pod, 0));
            String cityNode = node.cityNode().orElseThrow();
            arguments.add(new TestbedInventory.ReplicaEndpoint(pod, cityNode, node.address(),
                    TestbedConfig.REPLICA_HTTP_PORT).format());
            replicaUrls.put(cityNode, TestbedInventory.NAMESPACE + "/" + pod + "/" + TestbedInventory.SERVICE + "/http://"
                    + node.address() + ":" + TestbedConfig.REPLICA_HTTP_PORT + "/");
        }
        progress.accept("Started " + settings.replicas() + " replica processes: " + replicaUrls);

        controlPlane = testbed.startProcess("control-plane", testbed.control(), ControlPlaneMain.class.getName(),
                arguments, CONTROL_PLANE_JVM, ControlPlaneMain.READY_LINE);
        long controlPlaneReady = System.currentTimeMillis();
        events = new ObservedEvents(controlPlane::output);
        progress.accept("Control plane running in " + testbed.control().name() + " at " + testbed.control().address()
                + ": broker port " + BROKER_PORT + ", registry port " + REGISTRY_PORT + ", ingest gateway port "
                + GATEWAY_PORT);

        agents = TestbedAgents.start(testbed, gatewayUrl(), clientNode(), replicaUrls);
        progress.accept("Started " + agents.processes().size() + " edge agents (" + testbed.nodes().size()
                + " node namespaces and the client namespace)");

        List<String> nodes = testbed.nodes().stream().map(n -> n.cityNode().orElseThrow()).toList();
        Map<String, String> health = await("node health for every node " + nodes, () -> {
            Map<String, String> latest = events.latestHealth();
            return latest.keySet().containsAll(nodes) ? Optional.of(latest) : Optional.empty();
        });
        telemetryMs = System.currentTimeMillis() - controlPlaneReady;
        initialHealth = new LinkedHashMap<>();
        nodes.forEach(node -> initialHealth.put(node, health.get(node)));
        progress.accept("Node health arrived for every node after " + telemetryMs + " ms: " + initialHealth);
    }

    /** Returns the node name the client namespace's agent reports as, and the node its weights are planned for. */
    public String clientNode() {
        return testbed.client().name();
    }

    /** Returns the base URL of the ingest gateway in the control namespace. */
    public String gatewayUrl() {
        return "http://" + testbed.control().address() + ":" + GATEWAY_PORT;
    }

    /** Returns the broker's address for clients in other namespaces. */
    public String bootstrapServers() {
        return testbed.control().address() + ":" + BROKER_PORT;
    }

    public String registryUrl() {
        return "http://" + testbed.control().address() + ":" + REGISTRY_PORT;
    }

    Testbed testbed() {
        return testbed;
    }

    Settings settings() {
        return settings;
    }

    ObservedEvents events() {
        return events;
    }

    List<TestbedProcess> replicas() {
        return replicas;
    }

    static String pod(int index) {
        return "web-" + (index + 1);
    }

    /**
     * Raises the one-way delay of the last replica's node link by the fault delay and blocks until the
     * node leaves HEALTHY and a reschedule decision names it, then restores the link.
     *
     * @throws StepNotObservedException if a step is not observed within the step timeout
     * @throws TestbedException if a process or command fails
     */
    public FaultReport linkDelayFault() {
        TestbedNamespace faulty = testbed.nodes().get(settings.replicas() - 1);
        String node = faulty.cityNode().orElseThrow();
        await(node + " HEALTHY before the fault", () -> Optional.ofNullable(events.latestHealth().get(node))
                .filter("HEALTHY"::equals));
        LinkSettings before = testbed.link(faulty);
        long faultMs = System.currentTimeMillis();
        testbed.setLink(faulty, before.withDelayMicros(before.delayMicros() + settings.faultDelayMicros()));
        progress.accept("Fault: one-way delay of " + node + "'s link raised from " + before.delayMicros() + " µs by "
                + settings.faultDelayMicros() + " µs");
        try {
            ObservedEvents.Health detected = await(node + " leaving HEALTHY", () -> events.firstHealth(faultMs,
                    h -> h.node().equals(node) && !h.state().equals("HEALTHY")));
            progress.accept("Detected: " + node + " is " + detected.state() + " after " + (detected.timeMs() - faultMs)
                    + " ms");
            ObservedEvents.Decision decision = await("a reschedule decision for a pod on " + node,
                    () -> events.firstDecision(faultMs, node));
            progress.accept("Decided: " + decision.strategy() + " for " + decision.pod() + " after "
                    + (decision.timeMs() - faultMs) + " ms");
            return new FaultReport(telemetryMs, initialHealth, node, detected.timeMs() - faultMs, detected.state(),
                    decision.timeMs() - faultMs, decision.pod());
        } finally {
            testbed.setLink(faulty, before);
            progress.accept("Fault removed: " + node + "'s link is back to " + before.delayMicros() + " µs");
        }
    }

    /**
     * Polls {@code check} until it returns a value, at most the step timeout.
     *
     * @throws StepNotObservedException on the timeout, with the ends of the processes' logs
     * @throws TestbedException if the control plane exits meanwhile
     */
    <T> T await(String what, Supplier<Optional<T>> check) {
        long deadline = System.nanoTime() + settings.stepTimeout().toNanos();
        while (System.nanoTime() < deadline) {
            Optional<T> found = check.get();
            if (found.isPresent()) {
                return found.get();
            }
            if (!controlPlane.isAlive()) {
                throw new TestbedException("The control plane exited while waiting for " + what + "; its log ends with:\n"
                        + tail(controlPlane));
            }
            try {
                Thread.sleep(POLL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new TestbedException("Interrupted while waiting for " + what, e);
            }
        }
        // The testbed deletes its folder, with the logs, when it closes, so the message carries their ends.
        StringBuilder message = new StringBuilder("Timed out after " + settings.stepTimeout().toSeconds()
                + " s waiting for " + what + "; the control plane's log ends with:\n" + tail(controlPlane));
        List<TestbedProcess> others = new ArrayList<>(replicas);
        if (agents != null) {
            others.addAll(agents.processes());
        }
        for (TestbedProcess other : others) {
            message.append("\n").append(other.name()).append("'s log ends with:\n").append(tail(other));
        }
        throw new StepNotObservedException(message.toString());
    }

    private static String tail(TestbedProcess process) {
        List<String> lines = process.output().lines().toList();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 15), lines.size()));
    }

    /** Stops the agents' procfs counters; the testbed stops the processes when it closes. */
    public void stopCounters() {
        if (agents != null) {
            agents.close();
        }
    }
}
