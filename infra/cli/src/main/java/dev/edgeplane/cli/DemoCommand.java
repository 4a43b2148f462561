package dev.edgeplane.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.edgeplane.cli.testbed.NetnsControlLoop;
import dev.edgeplane.cli.testbed.NetnsDemo;
import dev.edgeplane.cli.testbed.NetnsScenario;
import dev.edgeplane.demo.scenario.DemoScenario;
import dev.edgeplane.demo.scenario.LoopVerdict;
import dev.edgeplane.demo.scenario.ScenarioSettings;
import dev.edgeplane.demo.stack.EdgeplaneStack;
import dev.edgeplane.ingest.simulate.CityTopology;
import dev.edgeplane.ingest.simulate.SimulatorConfig;
import dev.edgeplane.ingest.simulate.TopologyOptions;
import dev.edgeplane.ingest.simulate.replay.ReplayMapping;
import dev.edgeplane.ingest.simulate.replay.TraceReplay;
import dev.edgeplane.testbed.TestbedConfig;
import org.apache.kafka.common.config.ConfigException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code edgeplane demo}: the whole control loop on the embedded stack, with a fault and its recovery,
 * a live timeline, a summary and an HTML report. Exits 0 only when the loop closed.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Runs Edgeplane in this process with real edge agents, real replica servers and real load, "
                + "injects a fault on the node of one replica, and shows the control loop close: detection, "
                + "reschedule decision, eviction, replacement on another node, weights shifted away, recovery and "
                + "weights ramped back. Prints the timeline as it happens, then the summary, and writes an HTML report.",
                "",
                "Exit status: 0 when the loop closed, that is each step happened (detected, decided, "
                        + "evicted, moved, shifted, recovered, ramped back) and the audit trail is complete (every "
                        + "eviction and weight push names a published decision or weight set, and every decision and "
                        + "changed weight set has an audited outcome); 4 when a step did not happen, named in the last "
                        + "line; 3 when only the audit trail has gaps; 2 on a usage error; 1 when the stack could not "
                        + "start or never settled; 130 or 143 when Ctrl-C or SIGTERM stopped it, after removing its "
                        + "temporary folders.",
                ""})
public final class DemoCommand implements Callable<Integer> {

    /** Longest time Ctrl-C waits for the stack to stop and its folders to be deleted. */
    private static final long STOP_WAIT_SECONDS = 60;

    /** Exit status of a run that Ctrl-C or SIGTERM stopped; the JVM reports 130 or 143 itself. */
    private static final int STOPPED = 130;
    /** Requests sent in the testbed once a stopped replica's weight reached 0, to show that none fails. */
    private static final int STOPPED_REPLICA_REQUESTS = 1_000;

    @Option(names = "--traces", paramLabel = "DIR",
            description = "Folder of the data sets, read in place: the city from aarhus-traffic, link latency from the "
                    + "5G ping logs, node load from PlanetLab, and the fault from the longest stall in the ping logs. "
                    + "Default: $" + CityTopology.TRACES_DIR_ENV + ", else a synthetic city with modelled links.")
    Path traces;

    @Option(names = "--report", paramLabel = "FILE", defaultValue = "edgeplane-demo-report.html",
            description = "Where to write the HTML report (default: ${DEFAULT-VALUE}).")
    Path report;

    @Option(names = "--seed", defaultValue = "" + TopologyOptions.DEFAULT_SEED,
            description = "Seed of the city, the modelled node load and the load's choices (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--steady-seconds", defaultValue = "30",
            description = "Steady state measured before the fault, in seconds (default: ${DEFAULT-VALUE}).")
    long steadySeconds;

    @Option(names = "--fault-seconds", defaultValue = "90",
            description = "Maximum time the fault lasts while the run waits for the loop to close, in seconds (default: ${DEFAULT-VALUE}).")
    long faultSeconds;

    @Option(names = "--fault-hold-seconds", defaultValue = "10",
            description = "Time the fault stays on after the weights shifted, in seconds (default: ${DEFAULT-VALUE}).")
    long faultHoldSeconds;

    @Option(names = "--recovery-seconds", defaultValue = "60",
            description = "Maximum wait after the fault for recovery and ramp-back, in seconds (default: ${DEFAULT-VALUE}).")
    long recoverySeconds;

    @Option(names = "--fault-latency-ms", defaultValue = "200",
            description = "Access latency the fault adds without --traces, in milliseconds (default: ${DEFAULT-VALUE}).")
    long faultLatencyMs;

    @Option(names = "--requests-per-second", defaultValue = "40",
            description = "Rate of the weighted load and of the round-robin load beside it, in requests per second (default: ${DEFAULT-VALUE}).")
    double requestsPerSecond;

    @Option(names = "--testbed", paramLabel = "KIND",
            description = "Run the loop across network namespaces instead of in this process: netns. The control plane, "
                    + "the edge agents, the replicas and edgeplane lb apply then run as processes in a testbed (see "
                    + "edgeplane testbed); needs root, iproute2 and iptables. The options from --edge-nodes on apply.")
    String testbed;

    @Option(names = "--edge-nodes", paramLabel = "N", defaultValue = "10",
            description = "With --testbed: edge-node namespaces, each with an agent (default: ${DEFAULT-VALUE}).")
    int edgeNodes;

    @Option(names = "--replicas", paramLabel = "N", defaultValue = "3",
            description = "With --testbed: replica processes, one in each of the first N node namespaces (default: "
                    + "${DEFAULT-VALUE}).")
    int replicas;

    @Option(names = "--link-fault-delay-ms", paramLabel = "MS", defaultValue = "100",
            description = "With --testbed: one-way delay the fault adds to the last replica's link, in milliseconds "
                    + "(default: ${DEFAULT-VALUE}).")
    long linkFaultDelayMs;

    @Option(names = "--link-fault-loss-percent", paramLabel = "PERCENT", defaultValue = "30",
            description = "With --testbed: share of UDP datagrams the loss fault drops on the second-to-last replica's "
                    + "link, in percent, above 0 and at most 100 (default: ${DEFAULT-VALUE}).")
    double linkFaultLossPercent;

    @Option(names = "--slow-replica-ms", paramLabel = "MS", defaultValue = "400",
            description = "With --testbed: service time the first replica takes per request once slowed, in "
                    + "milliseconds (default: ${DEFAULT-VALUE}).")
    long slowReplicaMs;

    @Option(names = "--requests", paramLabel = "N", defaultValue = "10000",
            description = "With --testbed: requests sent through the service address after the weights shifted "
                    + "(default: ${DEFAULT-VALUE}).")
    int requests;

    @Option(names = "--equal-share-requests", paramLabel = "N", defaultValue = "2000",
            description = "With --testbed: requests sent last under kube-proxy's equal shares, the baseline, with the "
                    + "replica still slow (default: ${DEFAULT-VALUE}).")
    int uniformRequests;

    @Option(names = "--step-timeout-seconds", paramLabel = "S", defaultValue = "90",
            description = "With --testbed: longest wait for each step of the loop, in seconds (default: ${DEFAULT-VALUE}).")
    long stepTimeoutSeconds;

    @Option(names = "--state-dir", paramLabel = "DIR",
            description = "With --testbed: folder of the run's state file and process logs.")
    Path stateDir;

    @Spec
    CommandSpec spec;

    /** The verdict of the last run; for tests. */
    volatile DemoScenario.ScenarioResult lastResult;

    @Override
    public Integer call() throws Exception {
        if (testbed != null) {
            return runInTestbed();
        }
        ScenarioSettings settings;
        try {
            settings = new ScenarioSettings("city", ScenarioSettings.DEFAULT_SERVICE, seconds("--steady-seconds", steadySeconds),
                    seconds("--fault-seconds", faultSeconds), Duration.ofSeconds(Math.max(0, faultHoldSeconds)),
                    seconds("--recovery-seconds", recoverySeconds), Duration.ofSeconds(120),
                    Duration.ofMillis(faultLatencyMs), requestsPerSecond, report, seed);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        checkReportPath();
        PrintWriter out = spec.commandLine().getOut();
        Optional<Path> tracesDir = Optional.ofNullable(traces).or(() -> Optional.ofNullable(
                System.getenv(CityTopology.TRACES_DIR_ENV)).filter(v -> !v.isBlank()).map(Path::of));
        TopologyOptions topology = new TopologyOptions(seed, TopologyOptions.DEFAULT_LOCATIONS,
                TopologyOptions.DEFAULT_EDGE_NODES_PER_LOCATION, TopologyOptions.DEFAULT_CLOUD_NODES);
        CityTopology city = CityTopology.load(tracesDir, Map.of(), topology);
        // The demo replays node access legs and node load, and links between edge nodes stay modelled.
        // So the Seattle matrices, the slowest data set to read, are left out.
        TraceReplay replay = tracesDir.map(dir -> TraceReplay.load(dir, new SimulatorConfig(Map.of(
                SimulatorConfig.REPLAY_DATASETS, ReplayMapping.PING + "," + ReplayMapping.PLANETLAB)).replayMapping()))
                .orElse(null);
        out.println(replay == null ? "Modelled links and load (no --traces or $" + CityTopology.TRACES_DIR_ENV + ")"
                : "Links and load replayed: " + replay.description());
        // Ctrl-C or SIGTERM interrupts this thread, so that the scenario and the stack close in order
        // and delete their temporary folders. The JVM exits once the hook returns.
        Thread caller = Thread.currentThread();
        CountDownLatch finished = new CountDownLatch(1);
        AtomicBoolean stopRequested = new AtomicBoolean();
        Thread hook = new Thread(() -> {
            stopRequested.set(true);
            out.println("Stop requested: stopping the demo and removing its temporary folders...");
            out.flush();
            caller.interrupt();
            try {
                finished.await(STOP_WAIT_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "edgeplane-demo-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            return runScenario(city, replay, settings, out);
        } catch (Exception e) {
            // An interrupt surfaces as InterruptedException, or wrapped by a client library.
            if (!stopRequested.get()) {
                throw e;
            }
            out.println("Demo stopped before the loop closed; no summary or report was written.");
            out.flush();
            return STOPPED;
        } finally {
            finished.countDown();
            ShutdownHooks.remove(hook);
        }
    }

    private int runScenario(CityTopology city, TraceReplay replay, ScenarioSettings settings, PrintWriter out)
            throws Exception {
        try (EdgeplaneStack stack = EdgeplaneStack.builder(city)
                .starters(DemoScenario.components())
                .progress(line -> {
                    out.println(line);
                    out.flush();
                })
                .start()) {
            List<String> created = FogServiceManifests.applyExamples(stack.context().kubernetes().client(), "city");
            out.println("Applied " + created.size() + " example objects: " + created);
            out.flush();
            DemoScenario.ScenarioResult result = DemoScenario.run(stack.context(), settings, replay, out);
            lastResult = result;
            LoopVerdict verdict = result.verdict();
            out.flush();
            return verdict.exitStatus();
        }
    }

    private int runInTestbed() {
        if (!testbed.equals("netns")) {
            throw new ParameterException(spec.commandLine(), "Invalid --testbed " + testbed + ": the only testbed is netns");
        }
        if (requests < 1 || uniformRequests < 1) {
            throw new ParameterException(spec.commandLine(), "Invalid --requests " + requests + " or --equal-share-requests "
                    + uniformRequests + ": give at least 1 each");
        }
        Map<String, Object> testbedSettings = new HashMap<>();
        testbedSettings.put(TestbedConfig.EDGE_NODES, edgeNodes);
        // The control plane's stack takes tens of seconds to start on a loaded machine.
        testbedSettings.put(TestbedConfig.PROCESS_START_TIMEOUT_MS, 180_000L);
        if (stateDir != null) {
            testbedSettings.put(TestbedConfig.STATE_DIR, stateDir.toString());
        }
        NetnsDemo.Settings settings;
        try {
            NetnsDemo.config(testbedSettings);
            settings = new NetnsDemo.Settings(testbedSettings, new NetnsControlLoop.Settings(replicas,
                    linkFaultDelayMs * 1_000, linkFaultLossPercent / 100.0,
                    seconds("--step-timeout-seconds", stepTimeoutSeconds)),
                    new NetnsScenario.Settings(slowReplicaMs * 1_000, requests, uniformRequests, STOPPED_REPLICA_REQUESTS,
                            16));
        } catch (ConfigException | IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        return NetnsDemo.run(settings, spec.commandLine().getOut());
    }

    /**
     * Checks before anything starts that the report can be written, since the report is the last
     * thing a run does. A missing folder is fine: the writer creates it.
     */
    private void checkReportPath() {
        Path absolute = report.toAbsolutePath();
        if (Files.isDirectory(absolute)) {
            throw new ParameterException(spec.commandLine(), "Invalid --report " + report
                    + ": it is a folder; give a file path such as " + absolute.resolve("edgeplane-demo-report.html"));
        }
        for (Path folder = absolute.getParent(); folder != null; folder = folder.getParent()) {
            if (Files.exists(folder)) {
                if (!Files.isDirectory(folder)) {
                    throw new ParameterException(spec.commandLine(), "Invalid --report " + report + ": " + folder
                            + " is a file, not a folder; give a path in a folder you can write to.");
                }
                if (!Files.isWritable(folder)) {
                    throw new ParameterException(spec.commandLine(), "Invalid --report " + report + ": the folder "
                            + folder + " is not writable; give a path in a folder you can write to.");
                }
                return;
            }
        }
    }

    private Duration seconds(String option, long value) {
        if (value <= 0) {
            throw new ParameterException(spec.commandLine(), "Invalid " + option + " " + value + ": give a positive number of seconds");
        }
        return Duration.ofSeconds(value);
    }
}
