package dev.edgeplane.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;

import dev.edgeplane.testbed.LoadResult;
import dev.edgeplane.testbed.Testbed;
import dev.edgeplane.testbed.TestbedConfig;
import dev.edgeplane.testbed.TestbedRun;
import org.apache.kafka.common.config.ConfigException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code edgeplane testbed run}: builds the testbed, runs one {@link TestbedRun} and removes the
 * testbed again, also on Ctrl-C through the testbed's shutdown hook.
 */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Builds the city in network namespaces (a routing core, control, client and edge-node "
                + "namespaces joined by veth pairs, with a link emulator on every link), starts replica processes, "
                + "slows one replica's link, probes round trips from the client namespace, plans weights from the "
                + "probes with the lb-updater's planner, and sends the same requests under kube-proxy's equal "
                + "shares and under the planned weights in the kernel's nat rules. Prints both and removes "
                + "everything. Needs root, iproute2 and iptables."})
final class TestbedRunCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--edge-nodes", paramLabel = "N", defaultValue = "10",
            description = "Edge-node namespaces, taken from the living-lab city (default: ${DEFAULT-VALUE}).")
    int edgeNodes;

    @Option(names = "--replicas", paramLabel = "N", defaultValue = "3",
            description = "Replicas, one in each of the first N node namespaces (default: ${DEFAULT-VALUE}).")
    int replicas;

    @Option(names = "--requests", paramLabel = "N", defaultValue = "10000",
            description = "Requests per measurement, each on a new connection (default: ${DEFAULT-VALUE}).")
    int requests;

    @Option(names = "--concurrency", paramLabel = "N", defaultValue = "32",
            description = "Requests in flight at once (default: ${DEFAULT-VALUE}).")
    int concurrency;

    @Option(names = "--slow-link-delay-us", paramLabel = "MICROS", defaultValue = "10000",
            description = "One-way delay set on the last replica's link, in microseconds (default: ${DEFAULT-VALUE}).")
    long slowLinkDelayMicros;

    @Option(names = "--address-range", paramLabel = "CIDR", defaultValue = TestbedConfig.DEFAULT_ADDRESS_RANGE,
            description = "Private IPv4 range of the testbed (default: ${DEFAULT-VALUE}).")
    String addressRange;

    @Option(names = "--emulator", paramLabel = "KIND", defaultValue = "auto",
            description = "Link emulator: auto, netem or relay (default: ${DEFAULT-VALUE}).")
    String emulator;

    @Option(names = "--state-dir", paramLabel = "DIR", description = "Folder of the run's state file and process logs.")
    Path stateDir;

    @Override
    public Integer call() {
        Map<String, Object> settings = new HashMap<>();
        settings.put(TestbedConfig.EDGE_NODES, edgeNodes);
        settings.put(TestbedConfig.ADDRESS_RANGE, addressRange);
        settings.put(TestbedConfig.EMULATOR, emulator);
        if (stateDir != null) {
            settings.put(TestbedConfig.STATE_DIR, stateDir.toString());
        }
        TestbedConfig config;
        TestbedRun.Settings run;
        try {
            config = TestbedConfig.from(settings);
            run = new TestbedRun.Settings(replicas, requests, concurrency, slowLinkDelayMicros, 20);
        } catch (ConfigException | IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }

        PrintWriter out = spec.commandLine().getOut();
        try (Testbed testbed = Testbed.create(config)) {
            out.println("Testbed " + testbed.runId() + ": " + testbed.namespaces().size() + " namespaces in "
                    + addressRange + ", link emulator " + testbed.emulator()
                    + (testbed.emulatorReason().isEmpty() ? "" : " (" + testbed.emulatorReason() + ")"));
            out.flush();
            TestbedRun.Report report = TestbedRun.run(testbed, run, line -> {
                out.println(line);
                out.flush();
            });
            print(out, report);
        }
        out.println("Testbed removed.");
        out.flush();
        return 0;
    }

    private static void print(PrintWriter out, TestbedRun.Report report) {
        out.println();
        out.printf("%-8s %12s %10s %14s %14s%n", "replica", "probed RTT", "weight", "share equal", "share weights");
        report.plannedWeights().forEach((pod, weight) -> out.printf("%-8s %9.2f ms %10.4f %14.4f %14.4f%n", pod,
                report.probedRoundTripMicros().get(pod) / 1_000.0, weight, report.uniform().share(pod),
                report.weighted().share(pod)));
        out.println();
        line(out, "equal shares", report.uniform());
        line(out, "weights", report.weighted());
    }

    private static void line(PrintWriter out, String label, LoadResult result) {
        out.printf("%-13s response time mean %.2f ms, p50 %.2f ms, p99 %.2f ms; %d failed%n", label,
                result.meanMicros() / 1_000.0, result.p50Micros() / 1_000.0, result.p99Micros() / 1_000.0,
                result.errors());
    }
}
