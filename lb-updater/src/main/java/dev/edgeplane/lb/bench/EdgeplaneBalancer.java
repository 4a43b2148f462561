package dev.edgeplane.lb.bench;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import dev.edgeplane.lb.act.iptables.ChainRule;
import dev.edgeplane.lb.act.iptables.IptablesRenderer;
import dev.edgeplane.lb.act.iptables.Protocol;
import dev.edgeplane.lb.act.iptables.RenderedChain;
import dev.edgeplane.lb.act.iptables.ServicePort;
import dev.edgeplane.lb.act.iptables.ServiceRules;
import dev.edgeplane.lb.decide.Endpoint;
import dev.edgeplane.lb.decide.EndpointInput;
import dev.edgeplane.lb.decide.LinkLatencyTable;
import dev.edgeplane.lb.decide.NodeWeights;
import dev.edgeplane.lb.decide.ServiceInput;
import dev.edgeplane.lb.decide.ServiceKey;
import dev.edgeplane.lb.decide.ServicePlan;
import dev.edgeplane.lb.decide.WeightPlanner;
import dev.edgeplane.lb.decide.WeightPlannerConfig;

/**
 * Edgeplane's loop as it would run against the simulated cluster. At the end of each observation
 * window it plans with the real {@link WeightPlanner} from each replica's closed window and from
 * link probes (mean round-trip time and jitter of each link's last ten probes, one per second
 * whatever the window length, the figures a link-latency event carries). The plan takes effect {@code applyDelayMs} later, the
 * time the events need through Kafka and the applier, in one of two data planes:
 *
 * <ul>
 *   <li>{@link DataPlane#IPTABLES}: the real {@link IptablesRenderer} renders each client node's
 *       chain and each request walks it as the kernel does. The shares change only when a plan
 *       takes effect.
 *   <li>{@link DataPlane#PROXY}: a proxy on each client node reads the weights from the weights
 *       API and picks a ready replica with probability in proportion to weight / (outstanding + 1),
 *       where outstanding counts that proxy's own requests to the replica without a response yet.
 *       That is the formula of Envoy's least-request balancer for endpoints with unequal weights,
 *       with its {@code active_request_bias} set to 1 (as documented for Envoy 1.27 to 1.35). It
 *       is drawn at random here instead of from Envoy's earliest-deadline-first schedule. Between two plans it moves requests away from a
 *       replica that stops responding, which rules in the kernel cannot. NOTE: Edgeplane ships no
 *       such proxy; this mode models one that reads the weights API.
 * </ul>
 *
 * <p>Before the first plan takes effect, requests go to a uniform random ready replica, which is
 * what kube-proxy does.
 */
final class EdgeplaneBalancer extends OutstandingCountingBalancer {

    private static final ServicePort PORT = new ServicePort(new ServiceKey("bench", "web"), "", Protocol.TCP);
    private static final int PROBES_KEPT = 10;
    private static final double PROBE_INTERVAL_MS = 1_000;

    /** Data plane in which the planned weights take effect. */
    enum DataPlane {
        IPTABLES("edgeplane"),
        PROXY("edgeplane-proxy");

        private final String balancerName;

        DataPlane(String balancerName) {
            this.balancerName = balancerName;
        }
    }

    private final Scenario scenario;
    private final SplittableRandom random;
    private final WeightPlanner planner;
    private final IptablesRenderer renderer = new IptablesRenderer();
    private final long applyDelayMs;
    private final DataPlane dataPlane;
    private final Map<String, Integer> replicaByDestination = new HashMap<>();
    private final double[][][] probes;
    private int probeCount;
    private double nextProbeMs;

    /**
     * Plans made but not yet in effect, oldest first. With an apply delay longer than the
     * planning interval several are on their way at once, as records are in a real pipeline.
     */
    private final ArrayDeque<PendingPlan> pending = new ArrayDeque<>();
    private int[][] activeChains;
    private double[][] activeProbabilities;
    private double[][] activeWeights;

    /** One plan's chains and weights per client node, and when they take effect. */
    private record PendingPlan(double fromMs, int[][] chains, double[][] probabilities, double[][] weights) {
    }

    EdgeplaneBalancer(Scenario scenario, SplittableRandom random, WeightPlannerConfig config, long applyDelayMs,
            DataPlane dataPlane) {
        super(scenario.clientNodes().size(), scenario.replicas().size());
        this.scenario = scenario;
        this.random = random;
        this.planner = new WeightPlanner(config);
        this.applyDelayMs = applyDelayMs;
        this.dataPlane = dataPlane;
        for (int r = 0; r < scenario.replicas().size(); r++) {
            replicaByDestination.put(address(r) + ":8080", r);
        }
        this.probes = new double[scenario.clientNodes().size()][scenario.replicas().size()][PROBES_KEPT];
    }

    @Override
    public String name() {
        return dataPlane.balancerName;
    }

    @Override
    public int choose(int client, int[] ready, double nowMs) {
        while (!pending.isEmpty() && nowMs >= pending.peekFirst().fromMs()) {
            PendingPlan plan = pending.pollFirst();
            activeChains = plan.chains();
            activeProbabilities = plan.probabilities();
            activeWeights = plan.weights();
        }
        if (activeChains == null || activeChains[client] == null) {
            return ready[random.nextInt(ready.length)];
        }
        if (dataPlane == DataPlane.PROXY) {
            return chooseByLoad(client, ready);
        }
        int[] chain = activeChains[client];
        double[] probabilities = activeProbabilities[client];
        int chosen = chain[chain.length - 1];
        for (int k = 0; k < chain.length - 1; k++) {
            if (random.nextDouble() < probabilities[k]) {
                chosen = chain[k];
                break;
            }
        }
        // A replica that turned not ready since the last plan keeps its rule until the next plan.
        // kube-proxy's own rules would no longer send to it, so neither does the simulation.
        return contains(ready, chosen) ? chosen : ready[random.nextInt(ready.length)];
    }

    /**
     * Picks a ready replica with probability in proportion to weight / (outstanding + 1). A
     * replica without weight gets no request unless no ready replica has weight.
     */
    private int chooseByLoad(int client, int[] ready) {
        double[] weights = activeWeights[client];
        double total = 0.0;
        for (int replica : ready) {
            total += weights[replica] / (outstanding(client, replica) + 1);
        }
        if (!(total > 0.0)) {
            return ready[random.nextInt(ready.length)];
        }
        double draw = random.nextDouble() * total;
        for (int replica : ready) {
            draw -= weights[replica] / (outstanding(client, replica) + 1);
            if (draw < 0.0) {
                return replica;
            }
        }
        // Rounding can leave a sliver of the draw, which goes to the last replica with weight.
        for (int k = ready.length - 1; k >= 0; k--) {
            if (weights[ready[k]] > 0.0) {
                return ready[k];
            }
        }
        return ready[ready.length - 1];
    }

    @Override
    public void onTick(double nowMs, Telemetry telemetry) {
        recordProbes(nowMs, telemetry);
        ServicePlan plan = planner.plan(input(telemetry), links((long) nowMs), (long) nowMs);

        int clients = scenario.clientNodes().size();
        int[][] chains = new int[clients][];
        double[][] probabilities = new double[clients][];
        double[][] weightsByReplica = new double[clients][scenario.replicas().size()];
        for (int c = 0; c < clients; c++) {
            NodeWeights weights = plan.forNode(scenario.clientNodes().get(c));
            if (weights.isEmpty()) {
                continue;
            }
            for (int i = 0; i < weights.size(); i++) {
                weightsByReplica[c][replicaByDestination.get(weights.endpoint(i).address())] = weights.weight(i);
            }
            RenderedChain chain = renderer.render(ServiceRules.of(PORT, weights));
            chains[c] = new int[chain.rules().size()];
            probabilities[c] = new double[chain.rules().size()];
            for (int k = 0; k < chain.rules().size(); k++) {
                ChainRule rule = chain.rules().get(k);
                chains[c][k] = replicaByDestination.get(rule.destination());
                probabilities[c][k] = rule.probability();
            }
        }
        pending.addLast(new PendingPlan(nowMs + applyDelayMs, chains, probabilities, weightsByReplica));
    }

    private ServiceInput input(Telemetry telemetry) {
        List<EndpointInput> endpoints = new ArrayList<>();
        for (int r = 0; r < scenario.replicas().size(); r++) {
            ReplicaSpec replica = scenario.replicas().get(r);
            Endpoint endpoint = new Endpoint(replica.name(), replica.node(), address(r), 8080, telemetry.ready(r));
            endpoints.add(new EndpointInput(endpoint, telemetry.observation(r)));
        }
        return new ServiceInput(PORT.service(), endpoints);
    }

    private void recordProbes(double nowMs, Telemetry telemetry) {
        if (nowMs < nextProbeMs) {
            return;
        }
        nextProbeMs += PROBE_INTERVAL_MS;
        int slot = probeCount % PROBES_KEPT;
        for (int c = 0; c < probes.length; c++) {
            for (int r = 0; r < probes[c].length; r++) {
                probes[c][r][slot] = telemetry.probeRttMs(c, r);
            }
        }
        probeCount++;
    }

    private LinkLatencyTable links(long nowMs) {
        LinkLatencyTable.Builder table = LinkLatencyTable.builder().clientNodes(scenario.clientNodes());
        int kept = Math.min(probeCount, PROBES_KEPT);
        int oldest = probeCount - kept;
        for (int c = 0; c < probes.length; c++) {
            for (int r = 0; r < probes[c].length; r++) {
                double sum = 0;
                double jitterSum = 0;
                for (int p = oldest; p < probeCount; p++) {
                    double value = probes[c][r][p % PROBES_KEPT];
                    sum += value;
                    if (p > oldest) {
                        jitterSum += Math.abs(value - probes[c][r][(p - 1) % PROBES_KEPT]);
                    }
                }
                double jitter = kept > 1 ? jitterSum / (kept - 1) : 0.0;
                table.rtt(scenario.clientNodes().get(c), scenario.replicas().get(r).node(), sum / kept, jitter, nowMs);
            }
        }
        return table.build();
    }

    private static String address(int replica) {
        return "10.0." + (replica / 250) + "." + (replica % 250 + 1);
    }

    private static boolean contains(int[] values, int value) {
        for (int candidate : values) {
            if (candidate == value) {
                return true;
            }
        }
        return false;
    }
}
