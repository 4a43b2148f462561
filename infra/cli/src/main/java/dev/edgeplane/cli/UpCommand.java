package dev.edgeplane.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import dev.edgeplane.demo.stack.ComponentStarter;
import dev.edgeplane.demo.stack.EdgeplaneStack;
import dev.edgeplane.demo.stack.StandardComponents;
import dev.edgeplane.ingest.simulate.CityTopology;
import dev.edgeplane.ingest.simulate.TopologyOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code edgeplane up}: the embedded stack without a scenario, until Ctrl-C. Prints where each
 * piece listens, so a user can explore with {@code edgeplane tail}, kcat and kubectl.
 */
@Command(name = "up", mixinStandardHelpOptions = true,
        description = {"Starts Edgeplane in this process and runs until Ctrl-C: a Kafka broker with the topic catalog, "
                + "the schema registry, a simulated Kubernetes API with the city's nodes, a real HTTP server for every "
                + "Running FogService pod, and the services. Prints the address of each.",
                "Services: inventory publisher, FogService controller, ingest gateway, anomaly detection, scheduler with "
                        + "the rescheduling executor, and lb-updater."})
public final class UpCommand implements Callable<Integer> {

    // How long Ctrl-C waits for the stack to close its services, then the broker.
    private static final long STOP_WAIT_SECONDS = 60;

    /** Exit status of a start-up that Ctrl-C stopped; the JVM reports 130 or 143 itself. */
    private static final int STOPPED = 130;

    private static final Logger log = LoggerFactory.getLogger(UpCommand.class);
    /** Two nodes per hub, so that a FogService at a hub keeps a replica when one hub node fails. */
    static final int DEFAULT_FOG_NODES_PER_DISTRICT = 2;

    @Option(names = "--traces", paramLabel = "DIR",
            description = "Folder that contains aarhus-traffic/trafficMetaData.csv, read in place. "
                    + "Default: $" + CityTopology.TRACES_DIR_ENV + ", else a synthetic grid city.")
    Path traces;

    @Option(names = "--locations", paramLabel = "N", defaultValue = "" + TopologyOptions.DEFAULT_LOCATIONS,
            description = "Intersections with edge nodes (default: ${DEFAULT-VALUE}).")
    int locations;

    @Option(names = "--edge-nodes-per-location", paramLabel = "N",
            defaultValue = "" + TopologyOptions.DEFAULT_EDGE_NODES_PER_LOCATION,
            description = "Edge nodes at each intersection (default: ${DEFAULT-VALUE}).")
    int edgeNodesPerLocation;

    @Option(names = "--cloud-nodes", paramLabel = "N", defaultValue = "" + TopologyOptions.DEFAULT_CLOUD_NODES,
            description = "Nodes in the cloud location (default: ${DEFAULT-VALUE}).")
    int cloudNodes;

    @Option(names = "--fog-nodes-per-district", paramLabel = "N", defaultValue = "" + DEFAULT_FOG_NODES_PER_DISTRICT,
            description = "Aggregation (fog) nodes at the hub of each district, district-<name>-hub; 0 for a city "
                    + "without an aggregation tier (default: ${DEFAULT-VALUE}).")
    int fogNodesPerDistrict;

    @Option(names = "--seed", defaultValue = "" + TopologyOptions.DEFAULT_SEED,
            description = "Seed of the city's random choices (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--apply-examples",
            description = "Create the example FogServices (and their RuntimeClass) in namespace 'city' once the stack runs.")
    boolean applyExamples;

    @Option(names = "--kubeconfig-out", paramLabel = "FILE",
            description = "Where to write a kubeconfig for the simulated API, for kubectl. Default: a temporary file, "
                    + "deleted when the command ends.")
    Path kubeconfigOut;

    @Spec
    CommandSpec spec;

    /** Starters added after the standard ones; tests and further services add theirs here. */
    final List<ComponentStarter> extraStarters = new ArrayList<>();

    private final StopSignal stopSignal = new StopSignal(Duration.ofSeconds(STOP_WAIT_SECONDS));
    private final CountDownLatch running = new CountDownLatch(1);

    @Override
    public Integer call() throws Exception {
        checkOptions();
        TopologyOptions topology;
        try {
            topology = new TopologyOptions(seed, locations, edgeNodesPerLocation, cloudNodes);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        if (fogNodesPerDistrict < 0) {
            throw new ParameterException(spec.commandLine(), "--fog-nodes-per-district is " + fogNodesPerDistrict
                    + ": give 0 or more");
        }
        CityTopology city = city(Optional.ofNullable(traces), System.getenv(), topology, fogNodesPerDistrict);
        PrintWriter out = spec.commandLine().getOut();
        Path kubeconfig = kubeconfigOut == null ? temporaryKubeconfig() : kubeconfigOut.toAbsolutePath();
        stopSignal.installHook("edgeplane-up-shutdown");
        try {
            run(city, kubeconfig, out);
        } catch (Exception | Error e) {
            // Ctrl-C during start-up makes a starting component fail, for example when it adds a
            // shutdown hook. The stack has closed what it started, so report the stop, not the error.
            if (!stopSignal.stopRequested()) {
                throw e;
            }
            log.debug("Start-up stopped by a stop request", e);
            out.println("Stopped during start-up.");
            out.flush();
            return STOPPED;
        } finally {
            stopSignal.close();
        }
        out.println("Stopped.");
        out.flush();
        return 0;
    }

    private void run(CityTopology city, Path kubeconfig, PrintWriter out) throws Exception {
        try (EdgeplaneStack stack = EdgeplaneStack.builder(city)
                .starters(StandardComponents.defaults())
                .starters(extraStarters)
                .kubeconfig(kubeconfig)
                .progress(line -> {
                    out.println(line);
                    out.flush();
                })
                .start()) {
            if (applyExamples) {
                List<String> created = FogServiceManifests.applyExamples(stack.context().kubernetes().client(), "city");
                out.println("Applied " + created.size() + " example objects: " + created);
            }
            printAddresses(out, stack.addresses());
            running.countDown();
            stopSignal.awaitStop();
            out.println("Stopping.");
            out.flush();
        }
    }

    /**
     * Builds the city of {@code up}: intersections from the traces folder or a synthetic grid, with
     * a hub of {@code fogNodesPerDistrict} aggregation nodes per district unless that is 0. Blocks
     * on reading the traces.
     */
    static CityTopology city(Optional<Path> traces, Map<String, String> environment, TopologyOptions topology,
            int fogNodesPerDistrict) {
        CityTopology intersections = CityTopology.load(traces, environment, topology);
        return fogNodesPerDistrict == 0 ? intersections : intersections.withDistrictHubs(fogNodesPerDistrict);
    }

    /** Checks the options whose mistakes would otherwise show only after the stack has started. */
    private void checkOptions() {
        if (locations < 1) {
            throw new ParameterException(spec.commandLine(), "Invalid --locations " + locations
                    + ": give at least 1 intersection.");
        }
        if (edgeNodesPerLocation < 1) {
            throw new ParameterException(spec.commandLine(), "Invalid --edge-nodes-per-location " + edgeNodesPerLocation
                    + ": give at least 1 edge node per intersection.");
        }
        if (cloudNodes < 0) {
            throw new ParameterException(spec.commandLine(), "Invalid --cloud-nodes " + cloudNodes + ": give 0 or more.");
        }
        if (kubeconfigOut != null) {
            Path folder = kubeconfigOut.toAbsolutePath().getParent();
            if (!Files.isDirectory(folder)) {
                throw new ParameterException(spec.commandLine(), "Cannot write --kubeconfig-out " + kubeconfigOut
                        + ": the folder " + folder + " does not exist. Create it first or choose a path in an existing"
                        + " folder.");
            }
            if (!Files.isWritable(folder)) {
                throw new ParameterException(spec.commandLine(), "Cannot write --kubeconfig-out " + kubeconfigOut
                        + ": the folder " + folder + " is not writable. Choose a path in a folder you can write to.");
            }
        }
    }

    /** Waits until the stack runs; for tests. Returns false on timeout. */
    boolean awaitRunning(long timeout, TimeUnit unit) throws InterruptedException {
        return running.await(timeout, unit);
    }

    /** Requests a running {@link #call} to stop and return; the shutdown hook and tests call it. */
    void stop() {
        stopSignal.stop();
    }

    private static void printAddresses(PrintWriter out, Map<String, String> addresses) {
        out.println("Edgeplane is up:");
        int width = addresses.keySet().stream().mapToInt(String::length).max().orElse(0);
        addresses.forEach((what, address) -> out.println("  " + what + " ".repeat(width - what.length()) + "  " + address));
        out.println("Try:");
        String kubeconfig = addresses.get("kubeconfig");
        if (kubeconfig != null) {
            out.println("  KUBECONFIG=" + kubeconfig + " kubectl get pods,fogservices -n city");
        }
        out.println("  ./edgeplane tail --bootstrap-server " + addresses.get("Kafka bootstrap servers") + " --registry "
                + addresses.get("schema registry") + " --from-beginning --follow edgeplane.cluster.nodes");
        out.println("Press Ctrl-C to stop.");
        out.flush();
    }

    private static Path temporaryKubeconfig() throws java.io.IOException {
        Path file = java.nio.file.Files.createTempFile("edgeplane-up-", ".kubeconfig");
        file.toFile().deleteOnExit();
        return file;
    }
}
