package dev.edgeplane.demo.stack;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

import dev.edgeplane.bench.city.CityNodes;
import dev.edgeplane.demo.internal.FogServiceCrd;
import dev.edgeplane.demo.internal.Kubeconfigs;
import dev.edgeplane.demo.internal.MetricsEndpoint;
import dev.edgeplane.demo.replica.FleetListener;
import dev.edgeplane.demo.replica.ReplicaBehaviour;
import dev.edgeplane.demo.replica.ReplicaFleet;
import dev.edgeplane.infra.kafka.EmbeddedKafkaBroker;
import dev.edgeplane.ingest.simulate.CityNode;
import dev.edgeplane.ingest.simulate.CityTopology;
import dev.edgeplane.k8ssim.SimulatedKubernetes;
import dev.edgeplane.registry.SchemaRegistryServer;
import dev.edgeplane.schemas.catalog.TopicCatalog;
import dev.edgeplane.schemas.catalog.TopicProvisioner;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Edgeplane in one JVM. It starts a KRaft broker with the topic catalog, the schema registry, and
 * a simulated Kubernetes API with the city's nodes and the FogService CRD. Then it starts the
 * replica fleet, which runs a real HTTP server per Running pod, and the components of its starter
 * list in order.
 *
 * <p>{@link Builder#start} blocks until everything runs, or closes what it started and rethrows.
 * Used by one thread; {@link #close} stops everything in reverse order of start and may be called
 * from a shutdown hook. The stack owns every component it started.
 */
public final class EdgeplaneStack implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EdgeplaneStack.class);
    private static final Duration PROVISION_TIMEOUT = Duration.ofSeconds(30);

    private record Started(String name, AutoCloseable component) {
    }

    private final Deque<Started> started = new ArrayDeque<>();
    private final Map<String, String> addresses = new LinkedHashMap<>();
    private final Map<String, PrometheusMeterRegistry> registries = new LinkedHashMap<>();
    private final Consumer<String> progress;
    private final CityTopology city;
    private EmbeddedKafkaBroker broker;
    private SchemaRegistryServer registry;
    private SimulatedKubernetes kubernetes;
    private ReplicaBehaviour behaviour;
    private ReplicaFleet fleet;
    private boolean closed;

    private EdgeplaneStack(Builder builder) {
        this.progress = builder.progress;
        this.city = builder.city;
    }

    public static Builder builder(CityTopology city) {
        return new Builder(city);
    }

    /** Returns what the starters used, for a scenario that drives the running stack. */
    public StackContext context() {
        return new Context();
    }

    /** Returns the advertised addresses, in start order: broker, registry, API, kubeconfig, metrics, service endpoints. */
    public Map<String, String> addresses() {
        synchronized (addresses) {
            return new LinkedHashMap<>(addresses);
        }
    }

    /** Returns the names of the components that run, in start order. */
    public List<String> components() {
        List<String> names = new ArrayList<>();
        started.descendingIterator().forEachRemaining(s -> names.add(s.name()));
        return names;
    }

    private void startAll(Builder builder) throws Exception {
        EmbeddedKafkaBroker.Builder brokerBuilder = EmbeddedKafkaBroker.builder()
                // The stack closes the broker itself, after the services that use it.
                .closeOnJvmShutdown(false);
        SchemaRegistryServer.Builder registryBuilder = SchemaRegistryServer.builder().port(0);
        if (builder.listenAddress != null) {
            listenOn(builder, brokerBuilder, registryBuilder);
        }
        broker = started("Kafka broker", brokerBuilder.build().start());
        advertise("Kafka bootstrap servers", bootstrapServers(builder));
        provisionTopics();

        registry = started("schema registry", registryBuilder.bootstrapServers(broker.bootstrapServers()).build().start());
        advertise("schema registry", registry.url());

        kubernetes = started("simulated Kubernetes API", startKubernetes());
        advertise("simulated Kubernetes API", kubernetes.masterUrl());
        if (builder.kubeconfig != null) {
            advertise("kubeconfig", Kubeconfigs.write(builder.kubeconfig, kubernetes.masterUrl()).toString());
        }

        behaviour = new ReplicaBehaviour(builder.replicaBaseLatency, builder.replicaJitter);
        setLinkLatencies(builder.clientNode);
        if (builder.replicaFleet) {
            fleet = started("replica fleet", ReplicaFleet.start(kubernetes.client(), behaviour,
                    builder.fleetListeners.toArray(FleetListener[]::new)));
        }

        StackContext context = context();
        for (ComponentStarter starter : builder.starters) {
            progress.accept("Starting " + starter.name());
            started(starter.name(), Objects.requireNonNull(starter.start(context),
                    () -> "Starter " + starter.name() + " returned no component to close"));
        }
    }

    /**
     * Makes the broker listen on every interface and advertise the listen address, so that clients on
     * other hosts reach it, and binds the registry to that address. The controller listener stays on
     * 127.0.0.1 at the port after the broker's.
     */
    private static void listenOn(Builder builder, EmbeddedKafkaBroker.Builder broker, SchemaRegistryServer.Builder registry) {
        int controllerPort = builder.brokerPort + 1;
        broker.brokerPort(builder.brokerPort).controllerPort(controllerPort)
                .brokerProperty("listeners", EmbeddedKafkaBroker.CLIENT_LISTENER + "://0.0.0.0:" + builder.brokerPort + ","
                        + EmbeddedKafkaBroker.CONTROLLER_LISTENER + "://127.0.0.1:" + controllerPort)
                .brokerProperty("advertised.listeners", EmbeddedKafkaBroker.CLIENT_LISTENER + "://" + builder.listenAddress
                        + ":" + builder.brokerPort);
        registry.host(builder.listenAddress).port(builder.registryPort);
    }

    private String bootstrapServers(Builder builder) {
        return builder.listenAddress == null ? broker.bootstrapServers() : builder.listenAddress + ":" + builder.brokerPort;
    }

    private void provisionTopics() {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                AdminClientConfig.CLIENT_ID_CONFIG, "edgeplane-up-topics"))) {
            int topics = new TopicProvisioner(admin, PROVISION_TIMEOUT).provision(TopicCatalog.all()).outcomes().size();
            progress.accept("Topic catalog of " + topics + " topics in place");
        }
    }

    private SimulatedKubernetes startKubernetes() {
        // The Lease timings of a real cluster: the test defaults of the simulator renew every node's
        // Lease twice a second, which a city of nodes on a small machine cannot keep up with.
        SimulatedKubernetes api = SimulatedKubernetes.builder()
                .leaseRenewInterval(Duration.ofSeconds(10))
                .nodeMonitorGracePeriod(Duration.ofSeconds(40))
                .start();
        try {
            List<String> nodes = CityNodes.addAll(api, city);
            FogServiceCrd.apply(api.client());
            progress.accept("Simulated Kubernetes API with " + nodes.size() + " nodes from the " + city.source());
            return api;
        } catch (RuntimeException e) {
            api.close();
            throw e;
        }
    }

    /** Sets each node's link latency to the round-trip time from the clients' node, as the city models it. */
    private void setLinkLatencies(String clientNode) {
        CityNode client = clientNode == null ? city.nodes().get(0) : city.node(clientNode).orElseThrow(() ->
                new IllegalArgumentException("Client node " + clientNode + " is not a node of the city; give one of "
                        + city.nodes().stream().map(CityNode::name).limit(5).toList() + " ..."));
        for (CityNode node : city.nodes()) {
            behaviour.setLinkLatency(node.name(), Duration.ofNanos(city.roundTripMicros(client, node) * 1000));
        }
    }

    private <T extends AutoCloseable> T started(String name, T component) {
        started.push(new Started(name, component));
        log.info("Started {}", name);
        progress.accept("Started " + name);
        return component;
    }

    private void advertise(String what, String address) {
        synchronized (addresses) {
            addresses.put(what, address);
        }
    }

    /** Stops every component, last started first; a failure to stop one is logged and the rest still stop. Blocks. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        while (!started.isEmpty()) {
            Started next = started.pop();
            progress.accept("Stopping " + next.name());
            try {
                next.component().close();
            } catch (Exception e) {
                log.warn("Stopping {} failed; stopping the remaining components", next.name(), e);
            }
        }
        registries.values().forEach(PrometheusMeterRegistry::close);
    }

    private final class Context implements StackContext {

        @Override
        public String bootstrapServers() {
            return addresses().get("Kafka bootstrap servers");
        }

        @Override
        public String registryUrl() {
            return registry.url();
        }

        @Override
        public SimulatedKubernetes kubernetes() {
            return kubernetes;
        }

        @Override
        public CityTopology city() {
            return city;
        }

        @Override
        public ReplicaFleet fleet() {
            return fleet;
        }

        @Override
        public ReplicaBehaviour behaviour() {
            return behaviour;
        }

        @Override
        public MeterRegistry meterRegistry(String service) {
            PrometheusMeterRegistry existing = registries.get(service);
            if (existing != null) {
                return existing;
            }
            PrometheusMeterRegistry created = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            registries.put(service, created);
            MetricsEndpoint endpoint = started("metrics endpoint of " + service, MetricsEndpoint.start(created));
            advertise("metrics of " + service, endpoint.url());
            return created;
        }

        @Override
        public void advertise(String what, String address) {
            EdgeplaneStack.this.advertise(what, address);
        }

        @Override
        public Map<String, String> addresses() {
            return EdgeplaneStack.this.addresses();
        }
    }

    /** Settings of a stack; defaults: 5 ms base latency and 3 ms jitter per replica, no kubeconfig file. */
    public static final class Builder {

        private final CityTopology city;
        private final List<ComponentStarter> starters = new ArrayList<>();
        private final List<FleetListener> fleetListeners = new ArrayList<>();
        private Duration replicaBaseLatency = Duration.ofMillis(5);
        private Duration replicaJitter = Duration.ofMillis(3);
        private String clientNode;
        private Path kubeconfig;
        private boolean replicaFleet = true;
        private String listenAddress;
        private int brokerPort;
        private int registryPort;
        private Consumer<String> progress = line -> { };

        private Builder(CityTopology city) {
            this.city = Objects.requireNonNull(city, "city");
        }

        /** Adds components to start after the fleet, in order; the hook for further services. */
        public Builder starters(List<ComponentStarter> more) {
            starters.addAll(more);
            return this;
        }

        /** Adds listeners the fleet calls from its first pod on. */
        public Builder fleetListener(FleetListener listener) {
            fleetListeners.add(listener);
            return this;
        }

        public Builder replicaLatency(Duration base, Duration jitter) {
            this.replicaBaseLatency = base;
            this.replicaJitter = jitter;
            return this;
        }

        /** Node the clients sit on, whose round-trip time to each node becomes that node's link latency; default the city's first node. */
        public Builder clientNode(String node) {
            this.clientNode = node;
            return this;
        }

        /**
         * Leaves out the replica fleet, for replicas that run elsewhere and whose pods and slices the
         * caller writes; {@link StackContext#fleet()} then returns null.
         */
        public Builder withoutReplicaFleet() {
            this.replicaFleet = false;
            return this;
        }

        /**
         * Makes the broker and the registry reachable at {@code address}, an address of this host, on
         * fixed ports: the broker listens on every interface at {@code brokerPort} and advertises
         * {@code address}, its controller takes {@code brokerPort + 1} on 127.0.0.1, and the registry
         * binds {@code address:registryPort}. By default both listen on 127.0.0.1 at free ports.
         */
        public Builder listenAddress(String address, int brokerPort, int registryPort) {
            this.listenAddress = Objects.requireNonNull(address, "address");
            this.brokerPort = brokerPort;
            this.registryPort = registryPort;
            return this;
        }

        /** File to write a kubeconfig for the simulated API to, for kubectl. */
        public Builder kubeconfig(Path file) {
            this.kubeconfig = file;
            return this;
        }

        /** Receives one line per start and stop step, on the thread that starts or closes. */
        public Builder progress(Consumer<String> progress) {
            this.progress = Objects.requireNonNull(progress, "progress");
            return this;
        }

        /**
         * Starts the stack. Blocks until every component runs.
         *
         * @throws Exception what a component threw; everything started before it is closed first
         */
        public EdgeplaneStack start() throws Exception {
            EdgeplaneStack stack = new EdgeplaneStack(this);
            try {
                stack.startAll(this);
                return stack;
            } catch (Exception | Error e) {
                stack.close();
                throw e;
            }
        }
    }
}
