package dev.edgeplane.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

import dev.edgeplane.schemas.io.IoErrors;
import dev.edgeplane.infra.kafka.EmbeddedKafkaBroker;
import dev.edgeplane.ingest.simulate.CityTopology;
import dev.edgeplane.ingest.simulate.TopologyOptions;
import dev.edgeplane.k8ssim.SimulatedKubernetes;
import dev.edgeplane.registry.SchemaRegistryServer;
import dev.edgeplane.schemas.registry.RestSchemaRegistryClient;
import dev.edgeplane.schemas.serde.SpecificAvroSerializer;
import dev.edgeplane.scheduler.executor.FrameworkTargetPredictor;
import dev.edgeplane.scheduler.executor.RescheduleExecutor;
import dev.edgeplane.scheduler.executor.RescheduleExecutorConfig;
import dev.edgeplane.scheduler.executor.TargetPredictor;
import dev.edgeplane.scheduler.observe.InventoryPublisher;
import dev.edgeplane.scheduler.observe.InventoryPublisherConfig;
import dev.edgeplane.scheduler.reconcile.FogServiceController;
import dev.edgeplane.scheduler.reconcile.FogServiceControllerConfig;
import dev.edgeplane.scheduler.schedule.EdgeplaneScheduler;
import dev.edgeplane.scheduler.schedule.SchedulerConfig;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code edgeplane scheduler}: runs the FogService controller, the scheduler, the inventory
 * publisher and, with {@code --executor}, the rescheduling executor against a Kubernetes cluster,
 * or against a simulated one with the city's nodes, until Ctrl-C. A shutdown hook stops every
 * component in reverse order of start.
 */
@Command(name = "scheduler", mixinStandardHelpOptions = true,
        description = {"Runs the FogService controller, which turns each FogService into pods, the scheduler, which binds "
                + "pods with schedulerName edgeplane to nodes, the inventory publisher, which mirrors nodes and pods "
                + "into the edgeplane.cluster.* topics, and with --executor the rescheduling executor. Runs until Ctrl-C.",
                "With --embedded it starts a simulated Kubernetes API whose nodes are the city's, and a broker and a schema "
                + "registry unless given."})
public final class SchedulerCommand implements Callable<Integer> {

    private static final Logger log = LoggerFactory.getLogger(SchedulerCommand.class);

    /** The cluster to run against; with neither option, the one the fabric8 default configuration names. */
    static final class ClusterTarget {
        @Option(names = "--kubeconfig", paramLabel = "FILE",
                description = "Kubeconfig of the cluster. Default: the fabric8 resolution (KUBECONFIG, ~/.kube/config, in-cluster).")
        Path kubeconfig;

        @Option(names = "--embedded",
                description = "Run against a simulated Kubernetes API in this process, with the city topology's nodes and the CRD.")
        boolean embedded;
    }

    @ArgGroup(exclusive = true, multiplicity = "0..1")
    ClusterTarget cluster = new ClusterTarget();

    @Option(names = "--bootstrap-server", paramLabel = "HOST:PORT",
            description = "Kafka bootstrap servers. Required unless --embedded, which starts a broker when this is missing.")
    String bootstrapServers;

    @Option(names = {"--schema-registry", "--registry"}, paramLabel = "URL",
            description = "Schema registry URL. Required unless --embedded, which starts a registry when this is missing.")
    String registryUrl;

    @Option(names = "--namespace", paramLabel = "NS",
            description = "Namespace whose FogServices the controller reconciles. Default: every namespace.")
    String namespace;

    @Option(names = "--executor",
            description = "Also run the rescheduling executor: it evicts the pods named in edgeplane.decisions.reschedule "
                    + "when every safety gate passes and the scheduler's plugins predict a better node, and audits each "
                    + "decision to edgeplane.audit.actions.")
    boolean executor;

    @Option(names = "--executor-dry-run",
            description = "With --executor: check every gate and write DRY_RUN audit records, but evict nothing.")
    boolean executorDryRun;

    @Option(names = "--lease-namespace", paramLabel = "NS", defaultValue = "default",
            description = "Namespace of the Lease that elects the one active scheduler instance (default: ${DEFAULT-VALUE}).")
    String leaseNamespace;

    @Option(names = "--apply-examples",
            description = "Create the example FogServices (and their RuntimeClass) before starting, in --namespace or 'city'.")
    boolean applyExamples;

    @Option(names = "--traces", paramLabel = "DIR",
            description = "With --embedded: folder that contains aarhus-traffic/trafficMetaData.csv, read in place. "
                    + "Default: $" + CityTopology.TRACES_DIR_ENV + ", else a synthetic grid city.")
    Path traces;

    @Option(names = "--locations", paramLabel = "N", defaultValue = "" + TopologyOptions.DEFAULT_LOCATIONS,
            description = "With --embedded: intersections with edge nodes (default: ${DEFAULT-VALUE}).")
    int locations;

    @Option(names = "--edge-nodes-per-location", paramLabel = "N", defaultValue = "" + TopologyOptions.DEFAULT_EDGE_NODES_PER_LOCATION,
            description = "With --embedded: edge nodes at each intersection (default: ${DEFAULT-VALUE}).")
    int edgeNodesPerLocation;

    @Option(names = "--cloud-nodes", paramLabel = "N", defaultValue = "" + TopologyOptions.DEFAULT_CLOUD_NODES,
            description = "With --embedded: nodes in the cloud location (default: ${DEFAULT-VALUE}).")
    int cloudNodes;

    @Option(names = "--seed", defaultValue = "" + TopologyOptions.DEFAULT_SEED,
            description = "With --embedded: seed of the city's random choices (default: ${DEFAULT-VALUE}).")
    long seed;

    @Spec
    CommandSpec spec;

    /** Counted down by the shutdown hook, or by a test, to stop {@link #call()}. */
    final CountDownLatch stopRequested = new CountDownLatch(1);
    private final CountDownLatch stopped = new CountDownLatch(1);

    /**
     * Starts the components, prints where they run and blocks until asked to stop.
     *
     * @return 0 after a clean stop
     */
    @Override
    public Integer call() throws InterruptedException {
        TopologyOptions topology = validate();
        Thread hook = new Thread(this::requestStopAndWait, "edgeplane-scheduler-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        RunningComponents components = new RunningComponents();
        try {
            KubernetesClient client = cluster.embedded ? startEmbedded(components, topology) : connect(components);
            if (applyExamples) {
                List<String> created = FogServiceManifests.applyExamples(client, namespace == null ? "city" : namespace);
                log.info("Applied {} example objects: {}", created.size(), created);
            }
            startServices(components, client);

            PrintWriter out = spec.commandLine().getOut();
            out.println("Scheduler running: FogService controller, scheduler" + (executor ? ", rescheduling executor" : "")
                    + " and inventory publisher on " + client.getMasterUrl() + " and " + bootstrapServers
                    + ". Press Ctrl-C to stop.");
            out.flush();
            stopRequested.await();
            return 0;
        } finally {
            components.closeAll();
            stopped.countDown();
            ShutdownHooks.remove(hook);
        }
    }

    private TopologyOptions validate() {
        if (!cluster.embedded && (bootstrapServers == null || registryUrl == null)) {
            throw new ParameterException(spec.commandLine(), "Give --bootstrap-server and --schema-registry for a real cluster, "
                    + "or use --embedded to start a broker and a registry in this process.");
        }
        try {
            return new TopologyOptions(seed, locations, edgeNodesPerLocation, cloudNodes);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    private KubernetesClient startEmbedded(RunningComponents components, TopologyOptions topology) {
        CityTopology city = CityTopology.load(Optional.ofNullable(traces), System.getenv(), topology);
        if (bootstrapServers == null) {
            EmbeddedKafkaBroker broker = components.started("embedded Kafka broker", EmbeddedCluster.startBroker());
            bootstrapServers = broker.bootstrapServers();
        }
        int topics = EmbeddedCluster.provisionTopics(bootstrapServers).outcomes().size();
        log.info("Topic catalog of {} topics in place on {}", topics, bootstrapServers);
        if (registryUrl == null) {
            SchemaRegistryServer registry = components.started("embedded schema registry",
                    EmbeddedCluster.startRegistry(bootstrapServers));
            registryUrl = registry.url();
        }
        SimulatedKubernetes kubernetes = components.started("simulated Kubernetes API",
                EmbeddedCluster.startKubernetes(city));
        PrintWriter out = spec.commandLine().getOut();
        out.println("Simulated Kubernetes API at " + kubernetes.masterUrl() + " with " + city.nodes().size()
                + " nodes from the " + city.source());
        out.println("Schema registry at " + registryUrl + ", Kafka at " + bootstrapServers);
        out.flush();
        return kubernetes.client();
    }

    private KubernetesClient connect(RunningComponents components) {
        KubernetesClientBuilder builder = new KubernetesClientBuilder();
        if (cluster.kubeconfig != null) {
            try {
                builder.withConfig(Config.fromKubeconfig(Files.readString(cluster.kubeconfig)));
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot read kubeconfig " + cluster.kubeconfig + ": " + IoErrors.describe(e)
                        + "; give a readable file with --kubeconfig", e);
            }
        }
        return components.started("Kubernetes client", builder.build());
    }

    private void startServices(RunningComponents components, KubernetesClient client) {
        RestSchemaRegistryClient registryClient = RestSchemaRegistryClient.forUrl(registryUrl);
        KafkaProducer<String, SpecificRecord> producer = components.started("inventory producer", new KafkaProducer<>(
                Map.<String, Object>of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                        ProducerConfig.CLIENT_ID_CONFIG, "edgeplane-inventory",
                        ProducerConfig.LINGER_MS_CONFIG, 5),
                new StringSerializer(), new SpecificAvroSerializer<>(registryClient)));

        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        InventoryPublisher publisher = new InventoryPublisher(client, producer, new InventoryPublisherConfig(Map.of()), meters);
        startOrClose(publisher::start, publisher);
        components.started("inventory publisher", publisher);

        Map<String, Object> controllerSettings = new HashMap<>();
        if (namespace != null) {
            controllerSettings.put(FogServiceControllerConfig.NAMESPACE, namespace);
        }
        FogServiceController controller = new FogServiceController(client,
                new FogServiceControllerConfig(controllerSettings), meters);
        startOrClose(controller::start, controller);
        components.started("FogService controller", controller);

        Map<String, Object> schedulerSettings = new HashMap<>();
        schedulerSettings.put(SchedulerConfig.BOOTSTRAP_SERVERS, bootstrapServers);
        schedulerSettings.put(SchedulerConfig.SCHEMA_REGISTRY_URL, registryUrl);
        schedulerSettings.put(SchedulerConfig.LEASE_NAMESPACE, leaseNamespace);
        if (namespace != null) {
            schedulerSettings.put(SchedulerConfig.NAMESPACE, namespace);
        }
        EdgeplaneScheduler scheduler = new EdgeplaneScheduler(client, new SchedulerConfig(schedulerSettings), meters);
        startOrClose(scheduler::start, scheduler);
        components.started("scheduler", scheduler);

        if (executor) {
            startExecutor(components, client, registryClient, meters, scheduler);
        }
    }

    private void startExecutor(RunningComponents components, KubernetesClient client,
            RestSchemaRegistryClient registryClient, SimpleMeterRegistry meters, EdgeplaneScheduler scheduler) {
        Map<String, Object> settings = new HashMap<>();
        settings.put(RescheduleExecutorConfig.DRY_RUN, executorDryRun);
        if (namespace != null) {
            settings.put(RescheduleExecutorConfig.NAMESPACE, namespace);
        }
        // The scheduler's own plugins predict the target, so a move is only made to a node the
        // scheduler would also pick.
        TargetPredictor predictor = new FrameworkTargetPredictor(scheduler.framework());
        RescheduleExecutor rescheduler = new RescheduleExecutor(client, predictor,
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers), registryClient,
                new RescheduleExecutorConfig(settings), meters);
        startOrClose(rescheduler::start, rescheduler);
        components.started("rescheduling executor", rescheduler);
    }

    /** Runs {@code start}; if it throws, closes what it may have half started before rethrowing. */
    private static void startOrClose(Runnable start, AutoCloseable component) {
        try {
            start.run();
        } catch (RuntimeException e) {
            try {
                component.close();
            } catch (Exception closing) {
                e.addSuppressed(closing);
            }
            throw e;
        }
    }

    /** Runs in the shutdown hook: requests {@link #call()} to stop and waits until it has closed everything. */
    private void requestStopAndWait() {
        stopRequested.countDown();
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
