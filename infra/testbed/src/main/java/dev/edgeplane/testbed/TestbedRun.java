package dev.edgeplane.testbed;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import dev.edgeplane.lb.act.iptables.Protocol;
import dev.edgeplane.lb.act.iptables.ServicePort;
import dev.edgeplane.lb.act.iptables.ServiceRules;
import dev.edgeplane.lb.act.iptables.WeightedEndpoint;
import dev.edgeplane.lb.decide.Endpoint;
import dev.edgeplane.lb.decide.EndpointInput;
import dev.edgeplane.lb.decide.LinkLatencyTable;
import dev.edgeplane.lb.decide.NodeWeights;
import dev.edgeplane.lb.decide.ServiceInput;
import dev.edgeplane.lb.decide.ServiceKey;
import dev.edgeplane.lb.decide.WeightPlanner;
import dev.edgeplane.lb.decide.WeightPlannerConfig;

/**
 * One measured comparison on a testbed ({@code edgeplane testbed run}): replicas in the first
 * node namespaces, one of them behind a slowed link, round trips probed from the client
 * namespace, weights planned by the lb-updater's {@link WeightPlanner} from those probes alone,
 * and the same number of requests sent once with kube-proxy's equal shares and once with the
 * planned weights in the kernel's nat rules.
 *
 * <p>The planner never reads a configured delay: its only input is what the probes measured, and
 * replica observations are left out, so link round-trip time is the whole cost. Blocks for the
 * whole run; the caller owns and closes the testbed.
 */
public final class TestbedRun {

    /** The service the run balances. */
    public static final ServicePort SERVICE = new ServicePort(new ServiceKey("city", "web"), "", Protocol.TCP);
    // Plans until the weights move less than this, because the planner limits each update's change.
    private static final double CONVERGED = 1e-6;
    private static final int MAX_PLANS = 100;

    private TestbedRun() {
    }

    /**
     * Settings of one run.
     *
     * @param replicas replicas, one per node namespace from the first
     * @param requests requests per measurement
     * @param concurrency requests in flight at once
     * @param slowLinkDelayMicros one-way delay set on the last replica's link before probing
     * @param probes round-trip probes per replica
     */
    public record Settings(int replicas, int requests, int concurrency, long slowLinkDelayMicros, int probes) {
        public Settings {
            if (replicas < 2) {
                throw new IllegalArgumentException("A run needs at least 2 replicas to compare shares, not " + replicas);
            }
            if (requests < 1 || concurrency < 1 || probes < 1) {
                throw new IllegalArgumentException("requests (" + requests + "), concurrency (" + concurrency
                        + ") and probes (" + probes + ") must be at least 1");
            }
        }
    }

    /**
     * Measurements of one run.
     *
     * @param probedRoundTripMicros median UDP echo round trip from the client to each replica
     * @param plannedWeights the planner's weights by replica
     * @param uniform the requests under kube-proxy's equal shares
     * @param weighted the requests under the planned weights
     */
    public record Report(Emulator emulator, Map<String, Long> probedRoundTripMicros, Map<String, Double> plannedWeights,
            LoadResult uniform, LoadResult weighted) {
    }

    /**
     * Runs the comparison on {@code testbed}, reporting each step to {@code progress}.
     *
     * @throws IllegalArgumentException if the testbed has fewer node namespaces than replicas
     * @throws TestbedException if a process or command fails
     */
    public static Report run(Testbed testbed, Settings settings, Consumer<String> progress) {
        if (testbed.nodes().size() < settings.replicas()) {
            throw new IllegalArgumentException("The testbed has " + testbed.nodes().size() + " node namespaces, fewer "
                    + "than the " + settings.replicas() + " replicas asked for; lower the replicas or add nodes");
        }
        List<Endpoint> endpoints = new ArrayList<>();
        for (int i = 0; i < settings.replicas(); i++) {
            TestbedNamespace node = testbed.nodes().get(i);
            String pod = "web-" + (i + 1);
            Workloads.startReplica(testbed, node, pod, 0);
            endpoints.add(new Endpoint(pod, node.name(), node.address(), TestbedConfig.REPLICA_HTTP_PORT, true));
        }
        TestbedNamespace slow = testbed.nodes().get(settings.replicas() - 1);
        testbed.setLink(slow, testbed.link(slow).withDelayMicros(settings.slowLinkDelayMicros()));
        Map<String, Long> delays = new LinkedHashMap<>();
        for (int i = 0; i < settings.replicas(); i++) {
            delays.put(endpoints.get(i).pod(), testbed.link(testbed.nodes().get(i)).delayMicros());
        }
        progress.accept("Started " + settings.replicas() + " replicas behind links with one-way delays (µs, from the city"
                + ", the last one slowed) " + delays);

        Map<String, Long> probed = new LinkedHashMap<>();
        for (int i = 0; i < settings.replicas(); i++) {
            RoundTrips trips = Workloads.probe(testbed, testbed.client(), testbed.nodes().get(i), settings.probes(), 1_000);
            probed.put(endpoints.get(i).pod(), RoundTrips.median(trips.udpEchoMicros()));
        }
        progress.accept("Probed round trips from the client (µs, UDP echo median): " + probed);

        NodeWeights weights = plan(testbed, endpoints, probed);
        Map<String, Double> planned = new LinkedHashMap<>();
        List<WeightedEndpoint> weighted = new ArrayList<>();
        for (WeightedEndpoint endpoint : ServiceRules.of(SERVICE, weights).endpoints()) {
            planned.put(endpoint.pod(), endpoint.weight());
            weighted.add(endpoint);
        }
        progress.accept("Planned weights: " + planned);

        try (ServiceDataPlane dataPlane = new ServiceDataPlane(testbed, testbed.client(), SERVICE,
                testbed.config().addresses().serviceAddress(0), 80)) {
            dataPlane.installKubeProxyRules(weighted);
            LoadResult uniform = Workloads.sendRequests(testbed, testbed.client(), dataPlane.address(),
                    dataPlane.port(), settings.requests(), settings.concurrency());
            progress.accept("Equal shares (kube-proxy): " + uniform);
            dataPlane.applyWeights(weighted);
            LoadResult weightedResult = Workloads.sendRequests(testbed, testbed.client(), dataPlane.address(),
                    dataPlane.port(), settings.requests(), settings.concurrency());
            progress.accept("Planned weights (Edgeplane): " + weightedResult);
            return new Report(testbed.emulator(), probed, planned, uniform, weightedResult);
        }
    }

    /** Plans from the probed round trips until the planner's change limit no longer slows the weights. */
    private static NodeWeights plan(Testbed testbed, List<Endpoint> endpoints, Map<String, Long> probed) {
        WeightPlanner planner = new WeightPlanner(WeightPlannerConfig.defaults());
        String client = testbed.client().name();
        List<EndpointInput> inputs = endpoints.stream().map(EndpointInput::unobserved).toList();
        long nowMs = System.currentTimeMillis();
        NodeWeights previous = null;
        for (int i = 0; i < MAX_PLANS; i++) {
            LinkLatencyTable.Builder links = LinkLatencyTable.builder().clientNode(client);
            for (Endpoint endpoint : endpoints) {
                links.rtt(client, endpoint.node(), probed.get(endpoint.pod()) / 1_000.0, nowMs);
            }
            NodeWeights next = planner.plan(new ServiceInput(SERVICE.service(), inputs), links.build(), nowMs)
                    .forNode(client);
            if (previous != null && maxChange(previous, next) < CONVERGED) {
                return next;
            }
            previous = next;
            nowMs += 1_000;
        }
        return previous;
    }

    private static double maxChange(NodeWeights a, NodeWeights b) {
        double max = 0;
        for (int i = 0; i < a.size(); i++) {
            max = Math.max(max, Math.abs(a.weight(i) - b.weightOf(a.endpoint(i).pod())));
        }
        return max;
    }
}
