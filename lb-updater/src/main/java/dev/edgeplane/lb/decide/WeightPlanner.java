package dev.edgeplane.lb.decide;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import dev.edgeplane.lb.decide.internal.CostModel;
import dev.edgeplane.lb.decide.internal.HealthAssessor;
import dev.edgeplane.lb.decide.internal.NameIds;
import dev.edgeplane.lb.decide.internal.NodeWeightSolver;
import dev.edgeplane.lb.decide.internal.PlanningContext;
import dev.edgeplane.lb.decide.internal.ServiceAssessment;
import dev.edgeplane.lb.decide.internal.ServiceState;

/**
 * Plans the share of requests that each endpoint of a service receives from each client node,
 * favouring endpoints that respond fastest from that node without starving the others or rewarding
 * endpoints that fail fast.
 *
 * <h2>Model</h2>
 *
 * <p>Cost of endpoint i seen from client node c, in milliseconds:
 *
 * <pre>
 *   cost(c,i) = max(latency.min, R(c,i) + L(i)) x (1 + error.penalty x E(i))
 *   R(c,i)    = rtt(c,i) + link.jitter.weight x jitter(c,i), from the client node to the endpoint's node
 *   L(i)      = peak EWMA over the observations of i of the sample
 *               s = max(p50 + tail.weight x (p99 - p50),  F(i) x window / completed requests),
 *               the second term only when completed + F(i) >= observation.min.samples or none completed:
 *               s >= L: L = s;   s < L: L = s + (L - s) x exp(-dt / latency.decay.ms)
 *   raw(c,i)  = cost(c,i)^(-k),   k = cost.exponent
 *   target    = shares max(f, a x raw(c,i)) summing to 1,   f = min(weight.floor, 1 / eligible count)
 *   weight    = target projected onto |weight - previous| <= max.change.per.update,
 *               weight >= f, weight <= ramp cap, sum = 1 (Euclidean projection, one additive shift)
 *   ramp cap  = f + (target - f) x min(1, time since joining / ramp.duration.ms)
 * </pre>
 *
 * <p>F(i) is the replica's mean in-flight requests over the window and E(i) its error rate
 * (0..1); the latency and error rate come from the replica, so only R(c,i) differs between client
 * nodes. The second term of s is the mean latency by Little's law. It is the in-flight penalty:
 * when a replica stalls, requests pile up before any slow response completes, and this term
 * rises within one window. Unlike a factor (1 + in-flight), it does not push shares towards equal
 * load, since a replica that serves more requests without queueing keeps the same latency. With
 * few requests per window it is left out, because one request caught in flight at the window's
 * edge then adds a whole window divided by the completed requests, whatever the replica's speed.
 * Weighting by cost^(-k) with a peak EWMA follows the balancers of Finagle and Linkerd, here
 * computed from windowed observations instead of per request.
 *
 * <h2>Regimes</h2>
 *
 * <ul>
 *   <li><b>Eligible endpoints</b> are ready and not ejected. Only they receive weight; every other
 *       endpoint gets 0. With none ready, every weight is 0 and {@link NodeWeights#isEmpty()} is
 *       true, so that the data plane falls back to its default.
 *   <li><b>Floor</b>: every eligible endpoint keeps at least f, so a slow replica is still probed
 *       and its recovery observed.
 *   <li><b>Change limit</b>: with the same eligible endpoints as in the previous plan, no share
 *       moves by more than {@code lb.max.change.per.update}. When endpoints leave or are ejected,
 *       their share is first spread over the rest in proportion to the previous shares, so it moves
 *       at once.
 *   <li><b>Ramp</b>: an endpoint that becomes eligible (joins, turns ready, or is readmitted after
 *       ejection) starts at f and its cap rises linearly to its target over
 *       {@code lb.ramp.duration.ms}. A service's first plan does not ramp, because there is no
 *       traffic to protect; nor does a plan in which every eligible endpoint ramps.
 *   <li><b>Ejection</b>: a fresh observation with at least {@code lb.observation.min.samples}
 *       requests and an error rate of at least {@code lb.ejection.error.rate} ejects the endpoint,
 *       however fast it responds, for a back-off. The first back-off is
 *       {@code lb.ejection.backoff.initial.ms}; each further ejection multiplies it by
 *       {@code lb.ejection.backoff.multiplier}, up to {@code lb.ejection.backoff.max.ms}. When the
 *       back-off ends the endpoint is readmitted and ramps. Only an observation made after the
 *       readmission with an error rate of at most {@code lb.ejection.recovery.error.rate} counts as
 *       success; each success divides the back-off by the multiplier, and below the initial
 *       back-off clears it. An observation with fewer than {@code lb.observation.min.samples}
 *       requests is pooled with the next ones (after a readmission, only those made since), and
 *       the pool is judged, for ejection or success, once it contains that many. Short windows, low
 *       request rates and the floor share of a readmitted endpoint all give such observations. No
 *       more than {@code lb.ejection.max.fraction} of the ready endpoints are
 *       ejected at once; the worst go first, the rest only pay the error penalty.
 *   <li><b>Latency ejection</b>: an endpoint whose latest sample s reaches both
 *       {@code lb.ejection.latency.factor} x M and M + {@code lb.ejection.latency.min.excess.ms},
 *       where M is the median latency estimate L of the other ready, observed endpoints that are
 *       not ejected, is ejected the same way, after the error ejections and within the same
 *       limit. The cost weighting alone would keep such an outlier at the floor, and every request
 *       it gets there lands in the latency tail. The first latency ejection needs an observation
 *       whose completed requests plus mean requests in flight reach
 *       {@code lb.observation.min.samples}. Requests in flight count because a replica that
 *       stalls completes almost nothing in its first slow window while requests pile up. Its
 *       Little's-law sample already shows the stall, and waiting for its slow responses would
 *       leave it at the floor until they return. An endpoint on probation (its back-off
 *       not yet cleared) is ejected again on any observation made after
 *       its readmission that has requests, because at the floor share a still-slow endpoint
 *       completes too few requests per window to reach that minimum. Success needs a sample below
 *       the outlier bound as well as a low error rate.
 *   <li><b>Panic</b>: when every ready endpoint is ejected, they all become eligible again, because
 *       some traffic served beats none. {@link ServicePlan#panic()} reports it.
 *   <li><b>Missing and stale observations</b>: an observation older than
 *       {@code lb.observation.max.age.ms}, or none at all, leaves an endpoint unobserved. Its
 *       latency counts as the median of the observed eligible endpoints (0 if none), and its
 *       in-flight requests and error rate as 0; its ejection state is kept. An observation with no
 *       requests does not move the latency estimate.
 *   <li><b>Missing and stale round-trip times</b>: an unmeasured link, or one older than
 *       {@code lb.link.rtt.max.age.ms}, counts as the slowest measured link from the same client
 *       node to the service's eligible endpoints (0 ms when none is measured). A node to itself
 *       counts as 0 ms unless measured.
 * </ul>
 *
 * <h2>State and threads</h2>
 *
 * <p>The planner keeps, per service, each endpoint's health (latency estimate, ejection, back-off,
 * ramp) and the weights last planned for each client node, plus the generation. This state is
 * not synchronised: one thread owns a planner and makes every call on it. To plan on several
 * threads, give each thread its own planner and a disjoint set of services, as Kafka gives each
 * consumer its own partitions; {@link ParallelWeightPlanner} does this. Plans are immutable and may be handed to other threads.
 * {@link #plan} does not block.
 */
public final class WeightPlanner {

    private final WeightPlannerConfig config;
    private final CostModel costModel;
    private final HealthAssessor assessor;
    private final NodeWeightSolver solver;
    private final Map<ServiceKey, ServiceState> services = new HashMap<>();
    private final NameIds clientIds = new NameIds();
    private final NameIds nodeIds = new NameIds();
    private PlanningContext context;

    public WeightPlanner(WeightPlannerConfig config) {
        this.config = Objects.requireNonNull(config, "config");
        this.costModel = new CostModel(config);
        this.assessor = new HealthAssessor(config);
        this.solver = new NodeWeightSolver(config, costModel);
    }

    public WeightPlannerConfig config() {
        return config;
    }

    /**
     * Plans one service for every client node of {@code links} and remembers the result as the
     * starting point of the service's next plan. A planning cycle passes the same table and time
     * to every plan, so the planner prepares them once per cycle.
     *
     * @param input the service's endpoints with their latest observations
     * @param links round-trip times; its client nodes are the nodes planned for
     * @param nowMs the planning time in milliseconds since the Unix epoch. Observation and probe
     *     ages are measured from it, so it should not go backwards between calls.
     */
    public ServicePlan plan(ServiceInput input, LinkLatencyTable links, long nowMs) {
        ServiceState state = services.computeIfAbsent(input.service(), key -> new ServiceState());
        boolean rampOnJoin = !state.isNew();
        state.align(input.endpoints());
        if (context == null || !context.isFor(links, nowMs)) {
            context = new PlanningContext(links, nowMs, costModel, clientIds, nodeIds);
        }

        ServiceAssessment assessment = assessor.assess(state, input.endpoints(), context, rampOnJoin, nowMs);
        double[] weights = new double[context.rows() * assessment.endpointCount];
        solver.prepare(assessment);
        for (int row = 0; row < context.rows(); row++) {
            solver.solve(state, context, row, weights);
        }
        state.storeWeights(weights, context.rowById());

        return new ServicePlan(input.service(), state.nextGeneration(), nowMs, input.endpoints(), assessment, links,
                costModel, weights);
    }

    /**
     * Restores a service's last published weights after a restart, so that its next plan keeps to
     * the change limit and does not ramp endpoints that already carried traffic, and returns them
     * as a plan for the weights API and the appliers to serve until the service is planned again.
     * Call before the service's first plan. A later call only raises the generation, but still
     * returns a plan of the restored weights.
     */
    public ServicePlan restore(RestoredWeights restored) {
        ServiceState state = services.computeIfAbsent(restored.service(), key -> new ServiceState());
        List<String> nodes = new ArrayList<>(restored.weightsByNode().keySet());
        int count = restored.endpoints().size();
        double[] weights = new double[nodes.size() * count];
        for (int row = 0; row < nodes.size(); row++) {
            System.arraycopy(restored.weightsByNode().get(nodes.get(row)), 0, weights, row * count, count);
        }
        ServicePlan plan = ServicePlan.restored(restored, costModel, weights);
        if (!state.isNew()) {
            state.restoreGeneration(restored.generation());
            return plan;
        }

        state.alignTo(restored.pods().toArray(new String[0]));
        int maxId = -1;
        for (String node : nodes) {
            maxId = Math.max(maxId, clientIds.idOf(node));
        }
        int[] rowById = new int[maxId + 1];
        Arrays.fill(rowById, -1);
        for (int row = 0; row < nodes.size(); row++) {
            rowById[clientIds.idOf(nodes.get(row))] = row;
        }
        for (int i = 0; i < count; i++) {
            if (restored.weighted(i)) {
                state.health(i).restoreEligible();
            }
        }
        // The plan and the planner share the array, which neither changes once stored.
        state.storeWeights(weights, rowById);
        state.restoreGeneration(restored.generation());
        return plan;
    }

    /** Forgets a service that no longer exists; its next plan, if any, starts afresh. */
    public void forget(ServiceKey service) {
        services.remove(service);
    }

    /** Returns the number of services the planner keeps state for. */
    public int serviceCount() {
        return services.size();
    }
}
