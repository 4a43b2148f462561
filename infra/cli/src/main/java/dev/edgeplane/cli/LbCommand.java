package dev.edgeplane.cli;

import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;

import dev.edgeplane.lb.LbUpdater;
import dev.edgeplane.lb.LbUpdaterConfig;
import dev.edgeplane.lb.act.DryRunApplier;
import dev.edgeplane.lb.act.RuleApplier;
import dev.edgeplane.lb.act.http.WeightsHttpConfig;
import dev.edgeplane.lb.act.http.WeightsHttpServer;
import dev.edgeplane.lb.act.http.WeightsStore;
import dev.edgeplane.lb.act.iptables.IptablesApplierConfig;
import dev.edgeplane.lb.act.iptables.NodeRuleApplier;
import dev.edgeplane.lb.metrics.MetricsHttpServer;
import dev.edgeplane.lb.observe.EndpointDirectory;
import dev.edgeplane.lb.observe.EndpointSliceDirectory;
import dev.edgeplane.lb.observe.StaticEndpointDirectory;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.apache.kafka.common.config.ConfigException;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code edgeplane lb}: runs the load-balancer updater until Ctrl-C, with the weights API and,
 * for one node, iptables rules applied or printed.
 */
@Command(name = "lb", mixinStandardHelpOptions = true, subcommands = LbApplyCommand.class,
        description = "Plans latency-aware load-balancing weights from replica scores and link probes, publishes them to "
                + "edgeplane.lb.weights and serves them over HTTP, with Prometheus metrics. With --node, also applies "
                + "that node's iptables rules (--apply) or prints them (--dry-run); 'lb apply' runs the applier on its "
                + "own, on each node. Stops cleanly on Ctrl-C (SIGINT) or SIGTERM.")
final class LbCommand implements Callable<Integer> {

    // How long Ctrl-C waits for the updater to stop and its rules to be removed.
    private static final long STOP_WAIT_SECONDS = 30;

    @Spec
    CommandSpec spec;

    // Not required in picocli's sense, so that 'lb apply' can run without them; call() checks them.
    @Option(names = "--bootstrap-server", paramLabel = "HOST:PORT",
            description = "Kafka bootstrap servers, comma-separated HOST:PORT (required).")
    String bootstrapServers;

    @Option(names = {"--schema-registry", "--registry"}, paramLabel = "URL",
            description = "Schema registry URL (required).")
    String registryUrl;

    @ArgGroup(exclusive = true)
    EndpointSource endpointSource;

    /** Source of pod addresses: a fixed file or the cluster's EndpointSlices. */
    static final class EndpointSource {
        @Option(names = "--endpoints", paramLabel = "FILE", required = true,
                description = "File with one ready endpoint per line, 'namespace/pod ip:port'; scored pods not in it get no weight.")
        Path file;

        @Option(names = "--watch-endpoints", required = true,
                description = "Take pod addresses and readiness from the cluster's EndpointSlices of FogService services.")
        boolean watch;
    }

    @Option(names = "--kubeconfig", paramLabel = "FILE",
            description = "Kubeconfig for --watch-endpoints. Default: the fabric8 resolution (KUBECONFIG, ~/.kube/config, in-cluster).")
    Path kubeconfig;

    @Option(names = "--namespace", paramLabel = "NS",
            description = "Namespace whose EndpointSlices --watch-endpoints reads. Default: every namespace.")
    String namespace;

    @Option(names = "--metrics-port", paramLabel = "PORT", defaultValue = "9472",
            description = "Port of the Prometheus metrics endpoint (/metrics) on 127.0.0.1; 0 picks a free port (default: ${DEFAULT-VALUE}).")
    int metricsPort;

    @Option(names = "--http-port", paramLabel = "PORT", defaultValue = "9471",
            description = "Port of the weights API on 127.0.0.1; 0 picks a free port (default: ${DEFAULT-VALUE}).")
    int httpPort;

    @Option(names = "--plan-interval-ms", paramLabel = "MS", defaultValue = "1000",
            description = "Time between planning cycles, in milliseconds (default: ${DEFAULT-VALUE}).")
    long planIntervalMs;

    @Option(names = "--planning-threads", paramLabel = "N", defaultValue = "0",
            description = "Threads that plan each cycle, the loop thread included. 0 uses one per available"
                    + " processor (default: ${DEFAULT-VALUE}).")
    int planningThreads;

    @Option(names = "--node", paramLabel = "NAME", description = "Node whose rules --apply or --dry-run handles.")
    String node;

    @ArgGroup(exclusive = true)
    RuleMode ruleMode;

    /** Mode of handling the rules of --node: applied or printed. */
    static final class RuleMode {
        @Option(names = "--apply", required = true,
                description = "Apply the rules of --node with iptables-restore; needs root on that node.")
        boolean apply;

        @Option(names = "--dry-run", required = true, description = "Print the rules of --node instead of applying them.")
        boolean dryRun;
    }

    private final StopSignal stopSignal = new StopSignal(Duration.ofSeconds(STOP_WAIT_SECONDS));

    @Override
    public Integer call() throws InterruptedException {
        validate();
        PrintWriter out = spec.commandLine().getOut();
        Map<String, Object> settings = new HashMap<>();
        settings.put(LbUpdaterConfig.BOOTSTRAP_SERVERS, bootstrapServers);
        settings.put(LbUpdaterConfig.SCHEMA_REGISTRY_URL, registryUrl);
        settings.put(LbUpdaterConfig.PLAN_INTERVAL_MS, planIntervalMs);
        settings.put(LbUpdaterConfig.NODE, node == null ? "" : node);
        settings.put(LbUpdaterConfig.PLANNING_THREADS, planningThreads);
        settings.put(WeightsHttpConfig.PORT, httpPort);

        WeightsHttpConfig httpConfig;
        try {
            httpConfig = WeightsHttpConfig.from(settings);
            LbUpdaterConfig.from(settings);
        } catch (ConfigException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }

        WeightsStore store = new WeightsStore();
        PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        stopSignal.installHook("edgeplane-lb-shutdown");
        RunningComponents components = new RunningComponents();
        try {
            EndpointDirectory directory = directory(components);
            WeightsHttpServer server = components.started("weights API", WeightsHttpServer.start(httpConfig, store));
            MetricsHttpServer metrics = components.started("metrics endpoint",
                    MetricsHttpServer.start(httpConfig.bindAddress(), metricsPort, meters));
            components.started("load-balancer updater",
                    LbUpdater.start(settings, directory, store, applier(out), meters, Clock.systemUTC()));
            out.println("Load-balancer updater running: weights API on http://" + httpConfig.bindAddress() + ":"
                    + server.port() + "/v1/weights; metrics on http://" + httpConfig.bindAddress() + ":"
                    + metrics.port() + MetricsHttpServer.PATH + "; endpoints from " + endpointsNote() + rulesNote());
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

    private EndpointDirectory directory(RunningComponents components) {
        if (endpointSource.file != null) {
            try {
                return StaticEndpointDirectory.read(endpointSource.file);
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), e.getMessage());
            } catch (UncheckedIOException e) {
                throw new ParameterException(spec.commandLine(), e.getMessage() + ". Give a readable file with --endpoints.");
            }
        }
        KubernetesClient client = components.started("Kubernetes client", KubernetesClients.connect(kubeconfig));
        return components.started("EndpointSlice directory",
                EndpointSliceDirectory.start(client, namespace, Duration.ofSeconds(30)));
    }

    private String endpointsNote() {
        if (endpointSource.file != null) {
            return endpointSource.file.toString();
        }
        return "EndpointSlices in " + (namespace == null ? "every namespace" : "namespace " + namespace);
    }

    /** Requests a running {@link #call} to stop and return; the shutdown hook and tests call it. */
    void stop() {
        stopSignal.stop();
    }

    private void validate() {
        if (bootstrapServers == null || registryUrl == null) {
            throw new ParameterException(spec.commandLine(), "Missing " + (bootstrapServers == null
                    ? "--bootstrap-server: give the Kafka brokers, such as --bootstrap-server 127.0.0.1:9092."
                    : "--schema-registry: give the schema registry URL, such as --schema-registry http://127.0.0.1:8081."));
        }
        if (endpointSource == null) {
            throw new ParameterException(spec.commandLine(), "Missing --endpoints FILE or --watch-endpoints: the updater"
                    + " needs the pods' addresses.");
        }
        if (endpointSource.file != null && (kubeconfig != null || namespace != null)) {
            throw new ParameterException(spec.commandLine(), (kubeconfig != null ? "--kubeconfig" : "--namespace")
                    + " has no effect with --endpoints; use --watch-endpoints or drop it.");
        }
        boolean rules = ruleMode != null;
        if (rules && (node == null || node.isBlank())) {
            throw new ParameterException(spec.commandLine(), "Missing --node: " + (ruleMode.apply ? "--apply" : "--dry-run")
                    + " needs the node whose rules to handle, such as --node edge-1.");
        }
        if (!rules && node != null) {
            throw new ParameterException(spec.commandLine(), "--node " + node + " has no effect without --apply or --dry-run; "
                    + "add one of them or drop --node.");
        }
        String invalid = BootstrapServers.invalidReason(bootstrapServers);
        if (invalid != null) {
            throw new ParameterException(spec.commandLine(), "Invalid --bootstrap-server: " + invalid + ".");
        }
    }

    private RuleApplier applier(PrintWriter out) {
        if (ruleMode == null) {
            return null;
        }
        return ruleMode.apply ? new NodeRuleApplier(IptablesApplierConfig.from(Map.of())) : new DryRunApplier(out);
    }

    private String rulesNote() {
        if (ruleMode == null) {
            return "; no rules applied";
        }
        return ruleMode.apply ? "; applying the rules of node " + node : "; printing the rules of node " + node;
    }
}
