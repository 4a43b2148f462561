package dev.edgeplane.cli;

import java.io.File;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;

import dev.edgeplane.ingest.gateway.KubernetesNames;
import dev.edgeplane.lb.act.DryRunApplier;
import dev.edgeplane.lb.act.RuleApplier;
import dev.edgeplane.lb.act.iptables.IptablesApplierConfig;
import dev.edgeplane.lb.act.iptables.NodeRuleApplier;
import dev.edgeplane.lb.act.node.NodeApplierConfig;
import dev.edgeplane.lb.act.node.NodeApplierService;
import dev.edgeplane.lb.metrics.MetricsHttpServer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.apache.kafka.common.config.ConfigException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code edgeplane lb apply}: the node applier. Follows {@code edgeplane.lb.weights} and applies the
 * weight sets planned for one node to its nat table until Ctrl-C, then removes its own chains.
 */
@Command(name = "apply", mixinStandardHelpOptions = true,
        description = "Applies the weights planned for one node (--node) from edgeplane.lb.weights to that node's iptables "
                + "nat table, in one iptables-restore --noflush transaction per change, reads the rules back to check "
                + "them, and removes its EDGEPLANE-SVC chains on Ctrl-C (SIGINT) or SIGTERM. Needs root on the node. "
                + "--dry-run prints the rules instead.")
final class LbApplyCommand implements Callable<Integer> {

    // How long Ctrl-C waits for the node's rules to be removed.
    private static final long STOP_WAIT_SECONDS = 30;

    @Spec
    CommandSpec spec;

    @Option(names = "--bootstrap-server", paramLabel = "HOST:PORT", required = true,
            description = "Kafka bootstrap servers, comma-separated HOST:PORT.")
    String bootstrapServers;

    @Option(names = {"--schema-registry", "--registry"}, paramLabel = "URL", required = true,
            description = "Schema registry URL.")
    String registryUrl;

    @Option(names = "--node", paramLabel = "NAME", required = true,
            description = "Node this applier runs on; it applies the weight sets planned for it.")
    String node;

    @Option(names = "--apply-interval-ms", paramLabel = "MS", defaultValue = "500",
            description = "Shortest time between two applies, in milliseconds (default: ${DEFAULT-VALUE}).")
    long applyIntervalMs;

    @Option(names = "--resync-interval-ms", paramLabel = "MS", defaultValue = "10000",
            description = "Time after which the rules are applied again without a change, to restore jumps that "
                    + "kube-proxy dropped, in milliseconds (default: ${DEFAULT-VALUE}).")
    long resyncIntervalMs;

    @Option(names = "--iptables-restore", paramLabel = "COMMAND", defaultValue = "iptables-restore",
            description = "iptables-restore and its leading arguments, comma-separated, such as "
                    + "ip,netns,exec,NAME,iptables-restore (default: ${DEFAULT-VALUE}).")
    String restoreCommand;

    @Option(names = "--iptables-save", paramLabel = "COMMAND", defaultValue = "iptables-save",
            description = "iptables-save and its leading arguments, comma-separated (default: ${DEFAULT-VALUE}).")
    String saveCommand;

    @Option(names = "--dry-run", description = "Print the rules instead of applying them.")
    boolean dryRun;

    @Option(names = "--metrics-port", paramLabel = "PORT", defaultValue = "9473",
            description = "Port of the Prometheus metrics endpoint (/metrics) on 127.0.0.1; 0 picks a free port (default: ${DEFAULT-VALUE}).")
    int metricsPort;

    private final StopSignal stopSignal = new StopSignal(Duration.ofSeconds(STOP_WAIT_SECONDS));

    @Override
    public Integer call() throws InterruptedException {
        String invalid = BootstrapServers.invalidReason(bootstrapServers);
        if (invalid != null) {
            throw new ParameterException(spec.commandLine(), "Invalid --bootstrap-server: " + invalid + ".");
        }
        if (!KubernetesNames.isValid(node)) {
            throw new ParameterException(spec.commandLine(), "Invalid --node '" + node + "': use the Kubernetes node"
                    + " name, lowercase letters, digits, '-' and '.', starting and ending with a letter or digit.");
        }
        if (!dryRun) {
            requireProgram("--iptables-restore", restoreCommand);
            requireProgram("--iptables-save", saveCommand);
        }
        PrintWriter out = spec.commandLine().getOut();
        Map<String, Object> settings = new HashMap<>();
        settings.put(NodeApplierConfig.BOOTSTRAP_SERVERS, bootstrapServers);
        settings.put(NodeApplierConfig.SCHEMA_REGISTRY_URL, registryUrl);
        settings.put(NodeApplierConfig.NODE, node);
        settings.put(NodeApplierConfig.APPLY_INTERVAL_MS, applyIntervalMs);
        settings.put(NodeApplierConfig.RESYNC_INTERVAL_MS, resyncIntervalMs);
        settings.put(IptablesApplierConfig.RESTORE_COMMAND, restoreCommand);
        settings.put(IptablesApplierConfig.SAVE_COMMAND, saveCommand);
        RuleApplier applier;
        try {
            NodeApplierConfig.from(settings);
            applier = dryRun ? new DryRunApplier(out) : new NodeRuleApplier(IptablesApplierConfig.from(settings));
        } catch (ConfigException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }

        PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        stopSignal.installHook("edgeplane-lb-apply-shutdown");
        RunningComponents components = new RunningComponents();
        try {
            MetricsHttpServer metrics = components.started("metrics endpoint",
                    MetricsHttpServer.start("127.0.0.1", metricsPort, meters));
            components.started("node applier", NodeApplierService.start(settings, applier, meters, Clock.systemUTC()));
            out.println("Node applier running for node " + node + (dryRun ? ", printing the rules" : "")
                    + "; metrics on http://127.0.0.1:" + metrics.port() + MetricsHttpServer.PATH);
            out.println("Press Ctrl-C to stop.");
            out.flush();
            stopSignal.awaitStop();
        } finally {
            components.closeAll();
            stopSignal.close();
        }
        out.println("Stopped.");
        out.flush();
        return 0;
    }

    /** Rejects a command whose program, its first comma-separated part, is neither on PATH nor an executable file. */
    private void requireProgram(String option, String command) {
        String program = command.split(",", 2)[0].strip();
        boolean found;
        if (program.contains("/")) {
            found = Files.isExecutable(Path.of(program));
        } else {
            String path = System.getenv().getOrDefault("PATH", "");
            found = Arrays.stream(path.split(File.pathSeparator)).filter(folder -> !folder.isEmpty())
                    .anyMatch(folder -> Files.isExecutable(Path.of(folder, program)));
        }
        if (!found) {
            throw new ParameterException(spec.commandLine(), "Program '" + program + "' of " + option
                    + " not found on PATH; install iptables (Debian package iptables), give the program's path,"
                    + " or use --dry-run.");
        }
    }

    /** Requests a running {@link #call} to stop and return; the shutdown hook and tests call it. */
    void stop() {
        stopSignal.stop();
    }

}
