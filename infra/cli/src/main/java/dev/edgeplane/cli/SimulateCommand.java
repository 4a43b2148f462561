package dev.edgeplane.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import dev.edgeplane.infra.kafka.EmbeddedKafkaBroker;
import dev.edgeplane.ingest.simulate.CitySimulator;
import dev.edgeplane.ingest.simulate.CityTopology;
import dev.edgeplane.ingest.simulate.KafkaTelemetrySink;
import dev.edgeplane.ingest.simulate.SimulationRunner;
import dev.edgeplane.ingest.simulate.SimulatorConfig;
import dev.edgeplane.registry.SchemaRegistryServer;
import org.apache.kafka.common.config.ConfigException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code edgeplane simulate}: runs the city simulator and produces its telemetry to Kafka until the
 * run's duration is covered or Ctrl-C.
 */
@Command(name = "simulate", mixinStandardHelpOptions = true,
        description = {"Simulates a city edge network shaped like the Aveiro Tech City Living Lab and produces its node "
                + "metrics, link latencies and replica metrics to the edgeplane.telemetry.* topics, Avro through the schema "
                + "registry. A scenario file injects faults at given times; --traces replays real measurements instead of "
                + "modelled numbers. See docs/simulator.md.",
                "With --embedded it starts a broker and a schema registry in this process unless given, and creates the "
                + "catalog's topics."})
final class SimulateCommand implements Callable<Integer> {

    private static final long STOP_WAIT_SECONDS = 30;

    @Spec
    CommandSpec spec;

    @Option(names = "--bootstrap-server", paramLabel = "HOST:PORT",
            description = "Kafka bootstrap servers. Required unless --embedded.")
    String bootstrapServers;

    @Option(names = "--registry", paramLabel = "URL", description = "Schema registry URL. Required unless --embedded.")
    String registryUrl;

    @Option(names = "--embedded", description = "Start a broker and a schema registry in this process when not given.")
    boolean embedded;

    @Option(names = "--city", paramLabel = "SHAPE", defaultValue = "living-lab",
            description = "living-lab, aarhus (reads the traces folder) or grid (default: ${DEFAULT-VALUE}).")
    String city;

    @Option(names = "--nodes", paramLabel = "N", defaultValue = "50",
            description = "Nodes of the city, 4 to 10000; 50 is the Aveiro lab (default: ${DEFAULT-VALUE}).")
    int nodes;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "42", description = "Seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--scenario", paramLabel = "FILE", description = "Scenario file, YAML or JSON, with faults to inject.")
    Path scenario;

    @Option(names = "--traces", paramLabel = "DIR",
            description = "Replay real measurements from this folder. Default: $" + CityTopology.TRACES_DIR_ENV
                    + " when set, else model every number.")
    Path traces;

    @Option(names = "--interval-ms", paramLabel = "MS", defaultValue = "5000",
            description = "Simulated time between two reports of a node, in milliseconds (default: ${DEFAULT-VALUE}).")
    long intervalMs;

    @Option(names = "--duration-ms", paramLabel = "MS", defaultValue = "0",
            description = "Simulated time to run, in milliseconds; 0 runs until Ctrl-C or the scenario's end (default: "
                    + "${DEFAULT-VALUE}).")
    long durationMs;

    @Option(names = "--virtual-time", description = "Run simulated time faster than the wall clock, see --speedup.")
    boolean virtualTime;

    @Option(names = "--speedup", paramLabel = "FACTOR", defaultValue = "0",
            description = "With --virtual-time, simulated ms per wall-clock ms; 0 is as fast as Kafka accepts (default: "
                    + "${DEFAULT-VALUE}).")
    double speedup;

    @Option(names = "--start-epoch-ms", paramLabel = "MS", defaultValue = "-1",
            description = "Simulated start time, in ms since the Unix epoch; -1 is now (default: ${DEFAULT-VALUE}).")
    long startEpochMs;

    @Option(names = "--threads", paramLabel = "N", defaultValue = "1",
            description = "Threads that generate and serialize events, 1 to 16 (default: ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--set", paramLabel = "KEY=VALUE",
            description = "Any other simulator, replay or producer setting, such as replay.seattle.rtt.scale=0.05.")
    Map<String, String> extra = new HashMap<>();

    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile SimulationRunner runner;

    @Override
    public Integer call() throws InterruptedException {
        if (!embedded && (bootstrapServers == null || registryUrl == null)) {
            throw new ParameterException(spec.commandLine(), "Give --bootstrap-server and --registry, or use --embedded "
                    + "to start a broker and a schema registry in this process.");
        }
        checkTracesFolder();
        PrintWriter out = spec.commandLine().getOut();
        RunningComponents components = new RunningComponents();
        Thread hook = new Thread(this::stopFromHook, "edgeplane-simulate-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            if (embedded) {
                startEmbedded(components);
            }
            SimulatorConfig config = config();
            CitySimulator simulator = create(config);
            KafkaTelemetrySink sink = components.started("simulator producer", new KafkaTelemetrySink(config));
            runner = new SimulationRunner(simulator, sink, config.virtualClock(),
                    config.getDouble(SimulatorConfig.SPEEDUP), System::currentTimeMillis,
                    config.getInt(SimulatorConfig.THREADS));
            out.println("Simulating " + simulator.city().size() + " nodes (" + simulator.city().source() + ")"
                    + simulator.replay().map(replay -> " with " + replay.description()).orElse("") + ", scenario "
                    + simulator.scenario().name() + ", to " + bootstrapServers + ". Press Ctrl-C to stop.");
            out.flush();
            long ticks = runner.run();
            sink.flush();
            out.println("Simulated " + ticks + " ticks; produced " + sink.acknowledged() + " events.");
            out.flush();
            return 0;
        } finally {
            components.closeAll();
            stopped.countDown();
            ShutdownHooks.remove(hook);
        }
    }

    private void startEmbedded(RunningComponents components) {
        if (bootstrapServers == null) {
            EmbeddedKafkaBroker broker = components.started("embedded Kafka broker", EmbeddedCluster.startBroker());
            bootstrapServers = broker.bootstrapServers();
        }
        EmbeddedCluster.provisionTopics(bootstrapServers);
        if (registryUrl == null) {
            SchemaRegistryServer registry = components.started("embedded schema registry",
                    EmbeddedCluster.startRegistry(bootstrapServers));
            registryUrl = registry.url();
        }
    }

    /** Returns --traces, else the environment variable, or null when neither is set. */
    private String tracesDir() {
        String tracesDir = traces != null ? traces.toString() : System.getenv(CityTopology.TRACES_DIR_ENV);
        return tracesDir == null || tracesDir.isBlank() ? null : tracesDir;
    }

    /** Rejects a traces folder that does not exist before a broker starts, since the run could not use it. */
    private void checkTracesFolder() {
        String tracesDir = tracesDir();
        if (tracesDir != null && !Files.isDirectory(Path.of(tracesDir))) {
            String source = traces != null ? "--traces" : "$" + CityTopology.TRACES_DIR_ENV;
            throw new ParameterException(spec.commandLine(), "Invalid " + source + " " + tracesDir
                    + ": no such folder. Give the folder that holds the measurement data sets, or leave it unset to"
                    + " model every number.");
        }
    }

    /** Collects the settings; --traces falls back to the environment variable. */
    private SimulatorConfig config() {
        Map<String, Object> settings = new HashMap<>(extra);
        settings.put(SimulatorConfig.BOOTSTRAP_SERVERS, bootstrapServers);
        settings.put(SimulatorConfig.SCHEMA_REGISTRY_URL, registryUrl);
        settings.put(SimulatorConfig.CITY, city);
        settings.put(SimulatorConfig.NODES, nodes);
        settings.put(SimulatorConfig.SEED, seed);
        settings.put(SimulatorConfig.INTERVAL_MS, intervalMs);
        settings.put(SimulatorConfig.DURATION_MS, durationMs);
        settings.put(SimulatorConfig.CLOCK, virtualTime ? "virtual" : "real");
        settings.put(SimulatorConfig.SPEEDUP, speedup);
        settings.put(SimulatorConfig.START_EPOCH_MS, startEpochMs);
        settings.put(SimulatorConfig.THREADS, threads);
        if (scenario != null) {
            settings.put(SimulatorConfig.SCENARIO_FILE, scenario.toString());
        }
        String tracesDir = tracesDir();
        if (tracesDir != null) {
            settings.put(SimulatorConfig.TRACES_DIR, tracesDir);
        }
        try {
            return new SimulatorConfig(settings);
        } catch (ConfigException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    private CitySimulator create(SimulatorConfig config) {
        try {
            return CitySimulator.create(config, System.currentTimeMillis());
        } catch (IllegalArgumentException | ConfigException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    private void stopFromHook() {
        SimulationRunner current = runner;
        if (current != null) {
            current.stop();
        }
        try {
            stopped.await(STOP_WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
