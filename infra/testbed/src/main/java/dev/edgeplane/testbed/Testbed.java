package dev.edgeplane.testbed;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.edgeplane.ingest.simulate.CityNode;
import dev.edgeplane.ingest.simulate.CityTopology;
import dev.edgeplane.testbed.internal.ChildProcess;
import dev.edgeplane.testbed.internal.CityLinks;
import dev.edgeplane.testbed.internal.Commands;
import dev.edgeplane.testbed.internal.NetworkSetup;
import dev.edgeplane.testbed.internal.RunState;
import dev.edgeplane.testbed.internal.relay.RelayControl;
import dev.edgeplane.testbed.internal.relay.RelayMain;

/**
 * A city in network namespaces: a core namespace that routes, a control namespace, a client
 * namespace and one namespace per edge node, each joined to the core by a veth pair, with a link
 * emulator on every link. All names start with {@code ep-<run>-}, where the run id is six random
 * hex digits, and a state file in the run's folder lists them, so that {@link TestbedCleaner}
 * finds what a crashed run left.
 *
 * <p>{@link #create} blocks until the topology and the emulator are up. {@link #close} stops every
 * process the testbed started and deletes every namespace, which takes their veths, qdiscs and
 * iptables rules with them; a shutdown hook does the same when the JVM exits first (Ctrl-C).
 * Methods may be called from any thread; link changes are serialized.
 */
public final class Testbed implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Testbed.class);

    private final TestbedConfig config;
    private final String runId;
    private final String prefix;
    private final RunState state;
    private final Commands commands;
    private final NetworkSetup network;
    private final List<TestbedNamespace> namespaces = new ArrayList<>();
    private final Map<String, LinkSettings> links = new HashMap<>();
    private final List<TestbedProcess> processes = Collections.synchronizedList(new ArrayList<>());
    private final Thread shutdownHook;
    private Emulator emulator;
    private String emulatorReason = "";
    private RelayControl relay;
    private boolean closed;

    private Testbed(TestbedConfig config) {
        this.config = config;
        this.runId = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt()).substring(2);
        this.prefix = TestbedCleaner.PREFIX + runId + "-";
        this.state = RunState.create(config.stateDir(), runId);
        this.commands = new Commands(config.commandTimeoutMs());
        this.network = new NetworkSetup(commands);
        this.shutdownHook = new Thread(this::closeFromHook, "edgeplane-testbed-" + runId + "-cleanup");
    }

    /**
     * Builds the namespaces, links and link emulator, blocking until they are up. On failure it
     * removes what it built before it throws.
     *
     * @throws TestbedException if a command fails (the message gives the command and its error) or
     *     the relay does not start
     */
    public static Testbed create(TestbedConfig config) {
        Testbed testbed = new Testbed(config);
        Runtime.getRuntime().addShutdownHook(testbed.shutdownHook);
        try {
            testbed.build();
        } catch (RuntimeException e) {
            try {
                testbed.close();
            } catch (RuntimeException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
        return testbed;
    }

    private void build() {
        CityTopology city = CityLinks.city(config.citySeed(), config.edgeNodes());
        TestbedNamespace core = new TestbedNamespace(prefix + "core", TestbedNamespace.Role.CORE, -1, "", "",
                Optional.empty());
        namespaces.add(core);
        plan(TestbedNamespace.Role.CONTROL, "ctl", Optional.of(city.controlNode().name()), LinkSettings.NONE);
        plan(TestbedNamespace.Role.CLIENT, "client", Optional.empty(), LinkSettings.NONE);
        List<CityNode> edge = CityLinks.edgeNodes(city, config.edgeNodes());
        for (int i = 0; i < edge.size(); i++) {
            plan(TestbedNamespace.Role.NODE, String.format("n%02d", i + 1), Optional.of(edge.get(i).name()),
                    LinkSettings.delay(CityLinks.delayMicros(city, edge.get(i))));
        }

        for (TestbedNamespace namespace : namespaces) {
            state.addNamespace(namespace.name());
        }
        network.addNamespaces(namespaces.stream().map(TestbedNamespace::name).toList());
        network.addLinks(core.name(), linked(), config.addresses());
        network.enableForwarding(core.name());
        chooseEmulator(core.name());
        if (emulator == Emulator.RELAY) {
            startRelay(core);
        }
        for (TestbedNamespace namespace : linked()) {
            applyLink(namespace, links.get(namespace.name()));
        }
        log.info("Testbed {} is up: {} namespaces in {}, link emulator {}{}", runId, namespaces.size(),
                config.addresses().cidr(), emulator, emulatorReason.isEmpty() ? "" : " (" + emulatorReason + ")");
    }

    private void plan(TestbedNamespace.Role role, String suffix, Optional<String> cityNode, LinkSettings settings) {
        int link = namespaces.size() - 1;
        String name = prefix + suffix;
        namespaces.add(new TestbedNamespace(name, role, link, config.addresses().namespaceAddress(link), "l-" + suffix,
                cityNode));
        links.put(name, settings);
    }

    private void chooseEmulator(String core) {
        NetworkSetup.Probe netem = network.probeNetem(core);
        switch (config.emulator()) {
            case "relay" -> {
                emulator = Emulator.RELAY;
                emulatorReason = "chosen by " + TestbedConfig.EMULATOR;
            }
            case "netem" -> {
                if (!netem.available()) {
                    throw new TestbedException(TestbedConfig.EMULATOR + " is netem, but this kernel has no netem qdisc ("
                            + netem.reason() + "); set it to relay or auto");
                }
                emulator = Emulator.NETEM;
            }
            default -> {
                emulator = netem.available() ? Emulator.NETEM : Emulator.RELAY;
                emulatorReason = netem.available() ? "the kernel has netem"
                        : "the kernel has no netem qdisc: " + netem.reason();
            }
        }
    }

    private void startRelay(TestbedNamespace core) {
        network.routeThroughRelay(core.name(), linked(), config.addresses());
        List<String> arguments = new ArrayList<>(List.of("--control", state.folder().resolve("relay.sock").toString(),
                "--tcp", join(config.relayTcpPorts()), "--udp", join(config.relayUdpPorts())));
        for (TestbedNamespace namespace : linked()) {
            arguments.add("--link");
            arguments.add(namespace.name() + "," + config.addresses().relayAddress(namespace.link()) + ","
                    + namespace.address() + "," + config.addresses().linkSubnet(namespace.link()));
        }
        startProcess("relay", core, RelayMain.class.getName(), arguments);
        relay = new RelayControl(state.folder().resolve("relay.sock"));
    }

    /** Returns the six hex digits that every name of this run carries. */
    public String runId() {
        return runId;
    }

    /** Returns the emulator that runs on the links. */
    public Emulator emulator() {
        return emulator;
    }

    /** Returns why this emulator was chosen, such as the kernel's error when netem is missing. */
    public String emulatorReason() {
        return emulatorReason;
    }

    public TestbedConfig config() {
        return config;
    }

    /** Returns every namespace: the core, the control namespace, the client namespace, then the edge nodes. */
    public List<TestbedNamespace> namespaces() {
        return List.copyOf(namespaces);
    }

    public TestbedNamespace core() {
        return namespaces.get(0);
    }

    public TestbedNamespace control() {
        return namespaces.get(1);
    }

    public TestbedNamespace client() {
        return namespaces.get(2);
    }

    /** Returns the edge-node namespaces in city order. */
    public List<TestbedNamespace> nodes() {
        return namespaces.subList(3, namespaces.size());
    }

    /** Returns the current settings of {@code namespace}'s link. */
    public synchronized LinkSettings link(TestbedNamespace namespace) {
        return requireLinked(namespace);
    }

    /**
     * Changes the delay, jitter, loss and rate of {@code namespace}'s link. New packets see the
     * change at once; bytes already queued in the relay keep their release time. Blocks while
     * {@code tc} runs or until the relay replies.
     */
    public synchronized void setLink(TestbedNamespace namespace, LinkSettings settings) {
        requireLinked(namespace);
        applyLink(namespace, settings);
        links.put(namespace.name(), settings);
    }

    /** Takes {@code namespace}'s link down, or brings it back up, at the core's end. */
    public synchronized void setLinkUp(TestbedNamespace namespace, boolean up) {
        requireLinked(namespace);
        network.setLinkUp(core().name(), namespace, up);
        log.info("Link of {} is {}", namespace.name(), up ? "up" : "down");
    }

    private void applyLink(TestbedNamespace namespace, LinkSettings settings) {
        if (emulator == Emulator.NETEM) {
            network.applyNetem(core().name(), namespace, settings);
            return;
        }
        relay.set(namespace.name(), settings);
        if (settings.rateKbitPerSecond() != links.get(namespace.name()).rateKbitPerSecond()
                || settings.rateKbitPerSecond() > 0) {
            network.applyRate(core().name(), namespace, settings.rateKbitPerSecond());
        }
    }

    /**
     * Starts {@code mainClass} from this JVM's class path inside {@code namespace} and blocks until
     * it prints its ready line. The testbed stops it on close.
     *
     * @throws TestbedException if it exits or is not ready in time, with the end of its log
     */
    public TestbedProcess startProcess(String name, TestbedNamespace namespace, String mainClass, List<String> arguments) {
        ChildProcess child = ChildProcess.start(name, namespace.name(), runId, state.folder(), mainClass, arguments,
                config.processStartTimeoutMs());
        state.addPid(child.pid());
        TestbedProcess process = new TestbedProcess(child, state);
        processes.add(process);
        return process;
    }

    /**
     * Starts {@code mainClass} as {@link #startProcess(String, TestbedNamespace, String, List)} does, with
     * {@code jvmOptions} in place of the small default heap, and blocks until a line of its output
     * starts with {@code readyPrefix}. Used for Edgeplane's own commands, which print their own start line.
     *
     * @throws TestbedException if it exits or is not ready in time, with the end of its log
     */
    public TestbedProcess startProcess(String name, TestbedNamespace namespace, String mainClass, List<String> arguments,
            List<String> jvmOptions, String readyPrefix) {
        ChildProcess child = ChildProcess.start(name, namespace.name(), runId, state.folder(), mainClass, arguments,
                config.processStartTimeoutMs(), jvmOptions, readyPrefix);
        state.addPid(child.pid());
        TestbedProcess process = new TestbedProcess(child, state);
        processes.add(process);
        return process;
    }

    /** Returns the private IPv4 range of every address in the testbed, in CIDR form. */
    public String addressRange() {
        return config.addresses().cidr();
    }

    /**
     * Returns service address {@code index}, counted down from the end of the range, for a
     * service's nat rules in a namespace.
     */
    public String serviceAddress(int index) {
        return config.addresses().serviceAddress(index);
    }

    /** Returns the run's folder, which contains the state file and the process logs; close deletes it. */
    public Path folder() {
        return state.folder();
    }

    /**
     * Returns the living-lab city whose first {@code edgeNodes} edge nodes a testbed with {@code citySeed}
     * builds, so that a control plane can list the same nodes.
     */
    public static CityTopology city(long citySeed, int edgeNodes) {
        return CityLinks.city(citySeed, edgeNodes);
    }

    /** Runs {@code command} inside {@code namespace} and returns its output; blocks until it exits. */
    public String exec(TestbedNamespace namespace, List<String> command) {
        return commands.runIn(namespace.name(), command);
    }

    /**
     * Stops every process, deletes every namespace and removes the run's folder. Safe to call
     * twice; blocks until done.
     *
     * @throws TestbedException listing every step that failed, after trying all of them
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        List<String> failures = new ArrayList<>();
        List<TestbedProcess> started = new ArrayList<>(processes);
        Collections.reverse(started);
        for (TestbedProcess process : started) {
            try {
                process.stop();
            } catch (RuntimeException e) {
                failures.add("stopping " + process.name() + ": " + e.getMessage());
            }
        }
        try {
            network.deleteNamespaces(namespaces.stream().map(TestbedNamespace::name).toList());
        } catch (RuntimeException e) {
            failures.add(e.getMessage());
        }
        if (failures.isEmpty()) {
            state.deleteFolder();
        }
        removeHook();
        if (!failures.isEmpty()) {
            throw new TestbedException("Testbed " + runId + " was not removed completely; run edgeplane testbed clean. "
                    + String.join("; ", failures));
        }
        log.info("Testbed {} removed: {} processes stopped, {} namespaces deleted", runId, started.size(),
                namespaces.size());
    }

    private void closeFromHook() {
        try {
            close();
        } catch (RuntimeException e) {
            log.error("Removing testbed {} on shutdown failed: {}", runId, e.getMessage());
        }
    }

    private void removeHook() {
        if (Thread.currentThread() == shutdownHook) {
            return;
        }
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // The JVM is shutting down and runs the hook, which finds the testbed closed.
        }
    }

    private List<TestbedNamespace> linked() {
        return namespaces.subList(1, namespaces.size());
    }

    private LinkSettings requireLinked(TestbedNamespace namespace) {
        LinkSettings settings = links.get(namespace.name());
        if (settings == null) {
            throw new IllegalArgumentException("Namespace " + namespace.name() + " has no link in testbed " + runId
                    + "; links are " + links.keySet());
        }
        return settings;
    }

    private static String join(List<Integer> ports) {
        return ports.stream().map(String::valueOf).collect(Collectors.joining(","));
    }
}
