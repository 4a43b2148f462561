package dev.edgeplane.demo.scenario;

import java.io.IOException;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.function.Supplier;

import dev.edgeplane.anomaly.AnomalyConfig;
import dev.edgeplane.demo.RunObserver;
import dev.edgeplane.demo.agents.AgentFleet;
import dev.edgeplane.demo.agents.AgentSettings;
import dev.edgeplane.demo.agents.FaultProfile;
import dev.edgeplane.demo.agents.NodeConditions;
import dev.edgeplane.demo.agents.TraceFault;
import dev.edgeplane.demo.load.LoadGenerator;
import dev.edgeplane.demo.load.LoadReport;
import dev.edgeplane.demo.load.LoadSettings;
import dev.edgeplane.demo.replica.Replica;
import dev.edgeplane.demo.report.AuditTrailCheck;
import dev.edgeplane.demo.report.RunSummary;
import dev.edgeplane.demo.stack.ComponentStarter;
import dev.edgeplane.demo.stack.StackContext;
import dev.edgeplane.demo.stack.StandardComponents;
import dev.edgeplane.demo.timeline.ConsolePrinter;
import dev.edgeplane.demo.timeline.EventKind;
import dev.edgeplane.demo.timeline.Timeline;
import dev.edgeplane.event.audit.ActionAudit;
import dev.edgeplane.event.audit.ActionKind;
import dev.edgeplane.event.audit.ActionOutcome;
import dev.edgeplane.event.decision.RescheduleDecision;
import dev.edgeplane.event.lb.EndpointWeight;
import dev.edgeplane.event.lb.ServiceWeights;
import dev.edgeplane.ingest.simulate.CityNode;
import dev.edgeplane.ingest.simulate.replay.TraceReplay;
import dev.edgeplane.lb.LbUpdaterConfig;
import dev.edgeplane.lb.decide.WeightPlannerConfig;

/**
 * The demo's scenario on a running stack: steady state, a fault on the node of one replica of the service,
 * then the loop (detection, decision, eviction, replacement, weight shift), the end of the fault and the
 * recovery. It prints the timeline as it happens, then the summary, and writes the HTML report.
 *
 * <p>Runs on the calling thread and blocks for the whole run. The caller owns the stack; the scenario
 * closes what it starts (agents, load, feeds, console printer).
 */
public final class DemoScenario {

    /**
     * Round-trip limit of the detector in the demo, which a faulty node's probes exceed. Three times the
     * detector's default: the replayed radio-access legs run at 20 to 40 ms with single spikes to 240 ms,
     * which lift a 2 s window's mean to about 135 ms, and a loaded machine adds tens of milliseconds to a
     * probe in this process.
     */
    public static final double RTT_LIMIT_MICROS = 150_000;

    /** Nodes with an edge agent: enough for two vantage points each, few enough for a small machine. */
    private static final int WATCHED_NODES = 8;
    private static final Duration POLL = Duration.ofMillis(200);
    private static final Duration PROGRESS_INTERVAL = Duration.ofSeconds(3);
    private static final Duration AUDIT_SETTLE = Duration.ofSeconds(20);
    /** Age below which a decision or weight set may still lack its audit record: its action can be under way. */
    private static final Duration AUDIT_GRACE = Duration.ofSeconds(3);
    private static final Duration TRACE_OFFSET = Duration.ofSeconds(60);
    /** Time the running replicas must stay the same before the run picks its nodes. */
    private static final Duration SETTLE = Duration.ofSeconds(3);
    private static final Duration TRACE_SCAN = Duration.ofSeconds(900);

    private final StackContext stack;
    private final ScenarioSettings settings;
    private final TraceReplay replay;
    private final PrintWriter out;
    private final Timeline timeline = new Timeline(Clock.systemUTC());
    private final Map<String, Instant> steps = new LinkedHashMap<>();

    private DemoScenario(StackContext stack, ScenarioSettings settings, TraceReplay replay, PrintWriter out) {
        this.stack = stack;
        this.settings = settings;
        this.replay = replay;
        this.out = out;
    }

    /**
     * Returns the components the demo runs, in start order, with the short windows and intervals that fit a
     * run of a few minutes. Detection uses 2 s windows, three bad windows to degrade and two good ones to
     * recover. Weights are planned every second, with a 10 s ramp for a new replica.
     */
    public static List<ComponentStarter> components() {
        return List.of(StandardComponents.inventoryPublisher(), StandardComponents.fogServiceController(),
                StandardComponents.ingestGateway(), StandardComponents.anomalyDetection(anomalySettings()),
                StandardComponents.scheduler(false), StandardComponents.lbUpdater(lbUpdaterSettings()));
    }

    /** Returns the demo's anomaly-detection settings: 2 s windows, a 150 ms probe round-trip limit (see docs/demo.md). */
    public static Map<String, Object> anomalySettings() {
        Map<String, Object> anomaly = new HashMap<>();
        anomaly.put(AnomalyConfig.WINDOW_SIZE_MS_CONFIG, 2_000L);
        anomaly.put(AnomalyConfig.WINDOW_GRACE_MS_CONFIG, 500L);
        anomaly.put(AnomalyConfig.DEGRADE_WINDOWS_CONFIG, 3);
        anomaly.put(AnomalyConfig.RECOVER_WINDOWS_CONFIG, 2);
        anomaly.put(AnomalyConfig.RTT_MAX_MICROS_CONFIG, RTT_LIMIT_MICROS);
        anomaly.put(AnomalyConfig.SILENCE_MS_CONFIG, 10_000L);
        anomaly.put(AnomalyConfig.ADVICE_WAIT_MS_CONFIG, 6_000L);
        return anomaly;
    }

    /** Returns the demo's lb-updater settings: a plan every second, 10 s replica expiry and ramp. */
    public static Map<String, Object> lbUpdaterSettings() {
        return Map.of(LbUpdaterConfig.PLAN_INTERVAL_MS, 1_000L, LbUpdaterConfig.REPLICA_EXPIRY_MS, 10_000L,
                WeightPlannerConfig.RAMP_DURATION_MS, 10_000L);
    }

    /**
     * Runs the scenario. Blocks for the whole run, a few minutes.
     *
     * @param replay the traces the links and nodes follow, or null for the modelled city
     * @param out where the timeline and the summary go; not closed
     * @throws IllegalStateException when the stack never reaches the state the scenario starts from
     */
    public static ScenarioResult run(StackContext stack, ScenarioSettings settings, TraceReplay replay, PrintWriter out)
            throws IOException, InterruptedException {
        return new DemoScenario(stack, settings, replay, out).run();
    }

    private ScenarioResult run() throws IOException, InterruptedException {
        try (ConsolePrinter printer = new ConsolePrinter(out, timeline, PROGRESS_INTERVAL, ZoneId.systemDefault())) {
            Waiter wait = new Waiter(printer);
            wait.until("two Running replicas of " + settings.service() + " on two nodes", settings.setupTimeout(),
                    this::replicasOnTwoNodes);
            List<Replica> placed = wait.until("the replicas of " + settings.service() + " to stop changing",
                    settings.setupTimeout(), new Settled<>(this::replicasOnTwoNodes, SETTLE))
                    .orElseThrow(() -> new IllegalStateException("The replicas of " + settings.namespace() + "/"
                            + settings.service() + " did not run on two nodes within " + settings.setupTimeout().toSeconds()
                            + " s; running replicas: " + stack.fleet().replicas()));
            String faultNode = faultNode(placed);
            String clientNode = clientNode(placed, faultNode);
            NodeConditions conditions = replay == null
                    ? NodeConditions.modelled(stack.city(), clientNode, settings.seed())
                    : NodeConditions.replayed(stack.city(), clientNode, settings.seed(), replay, TRACE_OFFSET);
            FaultProfile fault = replay == null ? FaultProfile.raisedLatency(settings.faultLatency())
                    : TraceFault.find(replay, 4, TRACE_SCAN, RTT_LIMIT_MICROS, Duration.ofSeconds(5));
            printer.println("Service " + settings.namespace() + "/" + settings.service() + " runs on "
                    + placed.stream().map(Replica::node).distinct().sorted().toList() + "; clients sit on " + clientNode
                    + "; the fault will hit " + faultNode + ": " + fault.description());
            List<String> watched = AgentFleet.chooseNodes(stack.city(), clientNode, faultNode, WATCHED_NODES);
            try (AgentFleet agents = AgentFleet.start(stack.city(), conditions, stack.behaviour(), stack.fleet(),
                    gatewayBaseUrl(), AgentSettings.demo(), watched, settings.service(), printer::println)) {
                return drive(printer, wait, conditions, fault, faultNode, clientNode, agents::nodes);
            }
        }
    }

    private ScenarioResult drive(ConsolePrinter printer, Waiter wait, NodeConditions conditions, FaultProfile fault,
            String faultNode, String clientNode, Supplier<List<String>> watched) throws InterruptedException {
        LoadSettings load = new LoadSettings(settings.namespace(), settings.service(), clientNode,
                settings.requestsPerSecond(), Duration.ofSeconds(1), Duration.ofSeconds(2));
        try (RunObserver observer = RunObserver.start(stack.bootstrapServers(), stack.registryUrl(), stack.fleet(),
                timeline, load, new Random(settings.seed()));
                LoadGenerator roundRobin = LoadGenerator.start(load, (namespace, service, client) -> Optional.empty(),
                        observer.weightedEndpoints(stack.fleet()), new Random(settings.seed() + 1), timeline.clock())) {
            printer.setStatus(observer::status);
            RampBack rampBack = new RampBack(faultNode, observer.weightsKey());
            observer.addWeightsListener(rampBack::accept);

            wait.until("node " + faultNode + " HEALTHY and settled weights for " + observer.weightsKey(),
                    settings.setupTimeout(), () -> serviceNodesHealthy(faultNode) && rampBack.settledWithNode()
                            ? Optional.of(true) : Optional.empty())
                    .orElseThrow(() -> new IllegalStateException("The steady state did not settle within "
                            + settings.setupTimeout().toSeconds() + " s: node " + faultNode
                            + " is not HEALTHY or has no weight for " + observer.weightsKey()));
            observer.steadyStarted();
            timeline.record(EventKind.SCENARIO, faultNode, faultNode, "steady", "steady state: measuring for "
                    + settings.steady().toSeconds() + " s");
            wait.sleep("the end of the steady state", settings.steady());
            String target = faultTarget(faultNode, watched.get());
            if (!target.equals(faultNode)) {
                timeline.record(EventKind.SCENARIO, target, target, "retarget", "no replica of " + settings.service()
                        + " is left on " + faultNode + " after the steady state, so the fault hits " + target + " instead");
                rampBack.retarget(target);
            }
            rampBack.beforeFault(observer.weights().weightOnNode(observer.weightsKey(), target, Instant.now()));

            observer.faultStarted(target, fault.description());
            Instant faultStart = Instant.now();
            conditions.startFault(target, fault);
            Instant faultDeadline = faultStart.plus(settings.faultLimit());
            awaitStep(wait, "detected", "node " + target + " to leave HEALTHY", faultDeadline,
                    () -> timeline.first(EventKind.NODE_STATE, faultStart,
                            e -> target.equals(e.node()) && !"HEALTHY".equals(e.detail())).map(e -> e.time()));
            awaitStep(wait, "decided", "a reschedule decision for a pod on " + target, faultDeadline,
                    () -> observer.decisions().stream().filter(d -> target.equals(d.getFromNode())
                            && !d.getDecidedTime().isBefore(faultStart.minusSeconds(5)))
                            .map(RescheduleDecision::getDecidedTime).min(Comparator.naturalOrder()));
            awaitStep(wait, "evicted", "the executor to evict a pod of " + target, faultDeadline,
                    () -> observer.audits().stream().filter(a -> a.getKind() == ActionKind.EVICTION
                            && a.getOutcome() == ActionOutcome.SUCCEEDED && target.equals(a.getFromNode())
                            && a.getActionTime().isAfter(faultStart))
                            .map(ActionAudit::getActionTime).min(Comparator.naturalOrder()));
            awaitStep(wait, "moved", "a replica of " + settings.service() + " running on another node", faultDeadline,
                    () -> timeline.first(EventKind.POD_RUNNING, faultStart, e -> settings.service().equals(e.detail())
                            && !target.equals(e.node()) && e.message().contains("running on")).map(e -> e.time()));
            double before = rampBack.shareBefore();
            awaitStep(wait, "shifted", "the weights to move away from " + target, faultDeadline,
                    () -> observer.weights().setTimes(observer.weightsKey()).stream()
                            .filter(t -> t.isAfter(faultStart) && observer.weights().weightOnNode(observer.weightsKey(),
                                    target, t) <= before * 0.5)
                            .findFirst());
            if (steps.get("shifted") != null) {
                wait.sleep("the end of the fault (holding it to measure the shifted load)", settings.faultHold());
            }

            conditions.endFault();
            observer.faultEnded("access latency back to the " + (replay == null ? "modelled" : "replayed") + " value");
            Instant faultEnd = Instant.now();
            rampBack.faultEnded(faultEnd);
            Instant recoveryDeadline = faultEnd.plus(settings.recoveryLimit());
            awaitStep(wait, "recovered", "node " + target + " to be HEALTHY again", recoveryDeadline,
                    () -> timeline.first(EventKind.NODE_STATE, faultEnd,
                            e -> target.equals(e.node()) && "HEALTHY".equals(e.detail())).map(e -> e.time()));
            Instant recovered = steps.get("recovered");
            if (recovered != null) {
                rampBack.recovered(recovered);
                awaitStep(wait, "ramped back", "the weights to ramp back", recoveryDeadline, rampBack::rampedBack);
            }
            wait.until("an audited outcome for every decision", AUDIT_SETTLE, () -> auditCheck(observer,
                    Instant.now().minus(AUDIT_GRACE)).complete() ? Optional.of(true) : Optional.empty());

            Instant cutoff = Instant.now().minus(AUDIT_GRACE);
            RunObserver.Result result = observer.finish(settings.report(), "Edgeplane demo: fault on " + target);
            roundRobin.close();
            AuditTrailCheck.Result audit = auditCheck(observer, cutoff);
            LoopVerdict verdict = new LoopVerdict(faultStart, steps, audit, result.summary());
            Comparison comparison = new Comparison(result.load(), roundRobin.report(), faultStart,
                    steps.get("shifted"), faultEnd);
            printer.doneWaiting();
            printSummary(printer, result.summary(), verdict, comparison, result);
            return new ScenarioResult(verdict, result.summary(), comparison, result.report(), target, clientNode);
        }
    }

    private AuditTrailCheck.Result auditCheck(RunObserver observer, Instant cutoff) {
        return AuditTrailCheck.check(observer.decisions(), observer.weightSets().sets(), observer.audits(), cutoff);
    }

    private void awaitStep(Waiter wait, String step, String what, Instant deadline, Supplier<Optional<Instant>> check)
            throws InterruptedException {
        Duration left = Duration.between(Instant.now(), deadline);
        Optional<Instant> at = left.isNegative() ? check.get() : wait.until(what, left, check);
        steps.put(step, at.orElse(null));
        if (at.isEmpty()) {
            timeline.record(EventKind.SCENARIO, step, "", "missing", "step '" + step + "' did not happen in time: "
                    + "no sign of " + what);
        }
    }

    /** Returns whether every node that runs a replica of the service and has a known state is HEALTHY, the faulty node included. */
    private boolean serviceNodesHealthy(String faultNode) {
        Map<String, String> states = new HashMap<>();
        timeline.events().stream().filter(e -> e.kind() == EventKind.NODE_STATE)
                .forEach(e -> states.put(e.node(), e.detail()));
        List<String> nodes = stack.fleet().replicasOf(settings.namespace(), settings.service()).stream()
                .map(Replica::node).distinct().toList();
        return nodes.stream().allMatch(node -> "HEALTHY".equals(states.getOrDefault(node, "UNKNOWN"))
                || !states.containsKey(node) && !node.equals(faultNode));
    }

    private Optional<List<Replica>> replicasOnTwoNodes() {
        List<Replica> running = stack.fleet().replicasOf(settings.namespace(), settings.service()).stream()
                .filter(Replica::ready).sorted(Comparator.comparing(Replica::podKey)).toList();
        return running.stream().map(Replica::node).distinct().count() >= 2 ? Optional.of(running) : Optional.empty();
    }

    /**
     * Returns the node the fault hits: the chosen one while it runs a ready replica of the service, else
     * the first watched node that does. Anomaly detection may have moved the replica during the steady
     * state, when a replayed spike degraded its node.
     *
     * @throws IllegalStateException when no watched node runs a ready replica of the service
     */
    private String faultTarget(String chosen, List<String> watched) {
        List<String> hosting = stack.fleet().replicasOf(settings.namespace(), settings.service()).stream()
                .filter(Replica::ready).map(Replica::node).toList();
        if (hosting.contains(chosen)) {
            return chosen;
        }
        return watched.stream().sorted().filter(hosting::contains).findFirst().orElseThrow(() ->
                new IllegalStateException("No watched node runs a ready replica of " + settings.service()
                        + " after the steady state; watched: " + watched + ", replicas on: " + hosting));
    }

    /**
     * Returns the node the fault is planned for: among the nodes that run a replica and share their
     * location with another edge node of at least the same capabilities, where the replica can move
     * to, the one with the most replicas, the first by name on a tie. Without such a node, the node
     * with the most replicas.
     */
    private String faultNode(List<Replica> placed) {
        Map<String, Long> perNode = new HashMap<>();
        placed.forEach(r -> perNode.merge(r.node(), 1L, Long::sum));
        Comparator<Map.Entry<String, Long>> order = Map.Entry.<String, Long>comparingByValue().reversed()
                .thenComparing(Map.Entry.comparingByKey());
        return perNode.entrySet().stream().filter(e -> hasMoveTarget(e.getKey())).sorted(order).findFirst()
                .or(() -> perNode.entrySet().stream().sorted(order).findFirst())
                .orElseThrow().getKey();
    }

    private boolean hasMoveTarget(String node) {
        CityNode faulty = stack.city().node(node).orElseThrow();
        return stack.city().nodes(CityNode.Tier.EDGE).stream().anyMatch(n -> !n.name().equals(node)
                && n.location().name().equals(faulty.location().name())
                && n.capabilities().containsAll(faulty.capabilities()));
    }

    /** Returns the edge node without a replica of the service that is nearest to the faulty node, where the clients sit. */
    private String clientNode(List<Replica> placed, String faultNode) {
        CityNode fault = stack.city().node(faultNode).orElseThrow();
        List<String> hosting = placed.stream().map(Replica::node).toList();
        return stack.city().nodes(CityNode.Tier.EDGE).stream().filter(n -> !hosting.contains(n.name()))
                .min(Comparator.comparingLong((CityNode n) -> stack.city().roundTripMicros(fault, n))
                        .thenComparing(CityNode::name))
                .map(CityNode::name).orElseThrow(() -> new IllegalStateException(
                        "Every edge node hosts a replica of " + settings.service() + "; the clients need a node of their own"));
    }

    private String gatewayBaseUrl() {
        String endpoint = stack.addresses().get("telemetry endpoint");
        if (endpoint == null) {
            throw new IllegalStateException("The stack runs no ingest gateway: start it with DemoScenario.components()");
        }
        return endpoint.substring(0, endpoint.length() - "/v1/telemetry".length());
    }

    private void printSummary(ConsolePrinter printer, RunSummary summary, LoopVerdict verdict, Comparison comparison,
            RunObserver.Result result) {
        printer.println("");
        summary.lines().forEach(printer::println);
        comparison.lines().forEach(printer::println);
        verdict.lines().forEach(printer::println);
        printer.println("Report: " + result.report().toAbsolutePath());
        printer.println(verdict.message());
    }

    /**
     * Response times of the weighted load against the round-robin client that ran beside it on the same
     * replicas, during the fault and from the weight shift to the end of the fault.
     */
    public record Comparison(double weightedP99DuringMs, double roundRobinP99DuringMs, double weightedP99ShiftedMs,
            double roundRobinP99ShiftedMs, double weightedErrorsDuring, double roundRobinErrorsDuring) {

        Comparison(LoadReport weighted, LoadReport roundRobin, Instant faultStart, Instant shifted, Instant faultEnd) {
            this(weighted.percentileMs(faultStart, faultEnd, 99), roundRobin.percentileMs(faultStart, faultEnd, 99),
                    shifted == null ? Double.NaN : weighted.percentileMs(shifted, faultEnd, 99),
                    shifted == null ? Double.NaN : roundRobin.percentileMs(shifted, faultEnd, 99),
                    weighted.errors(faultStart, faultEnd), roundRobin.errors(faultStart, faultEnd));
        }

        /** Returns the comparison as console lines. */
        public List<String> lines() {
            return List.of("  p99 during the fault, Edgeplane's weights vs kube-proxy's equal shares on the same endpoints:",
                    String.format(Locale.ROOT, "    whole fault:           %s vs %s (errors %.0f vs %.0f)",
                            RunSummary.formatMs(weightedP99DuringMs), RunSummary.formatMs(roundRobinP99DuringMs),
                            weightedErrorsDuring, roundRobinErrorsDuring),
                    String.format(Locale.ROOT, "    after weights shifted: %s vs %s",
                            RunSummary.formatMs(weightedP99ShiftedMs), RunSummary.formatMs(roundRobinP99ShiftedMs)));
        }
    }

    /**
     * The outcome of a run.
     *
     * @param verdict whether the loop closed
     * @param summary the measured figures
     * @param comparison weighted against round robin
     * @param report the HTML report file
     * @param faultNode node the fault hit
     * @param clientNode node the clients sat on
     */
    public record ScenarioResult(LoopVerdict verdict, RunSummary summary, Comparison comparison,
            java.nio.file.Path report, String faultNode, String clientNode) {
    }

    /** Tracks the load key's weight sets for the ramp-back step. Its methods run on the feed and scenario threads. */
    private static final class RampBack {

        private final String key;
        private volatile String node;
        private volatile double shareBefore = Double.NaN;
        private volatile Instant recovered;
        private volatile Instant rampedBack;
        private volatile ServiceWeights latest;

        RampBack(String node, String key) {
            this.node = node;
            this.key = key;
        }

        void retarget(String newNode) {
            node = newNode;
        }

        void beforeFault(double share) {
            shareBefore = share;
        }

        double shareBefore() {
            return shareBefore;
        }

        void faultEnded(Instant end) {
            // Only sets after recovery count; nothing to do until then.
        }

        void recovered(Instant at) {
            recovered = at;
        }

        Optional<Instant> rampedBack() {
            return Optional.ofNullable(rampedBack);
        }

        /** Returns whether the latest set gives the node a weight and no endpoint ramps up any more. */
        boolean settledWithNode() {
            ServiceWeights set = latest;
            if (set == null) {
                return false;
            }
            double onNode = 0;
            for (EndpointWeight endpoint : set.getEndpoints()) {
                if (endpoint.getRampingUp()) {
                    return false;
                }
                if (node.equals(endpoint.getNode())) {
                    onNode += endpoint.getWeight();
                }
            }
            return onNode > 0;
        }

        void accept(ServiceWeights weights) {
            String setKey = weights.getNamespace() + "/" + weights.getService() + "@" + weights.getClientNode();
            if (key.equals(setKey)) {
                latest = weights;
            }
            Instant after = recovered;
            if (!key.equals(setKey) || after == null || rampedBack != null || weights.getComputedTime().isBefore(after)) {
                return;
            }
            double onNode = 0;
            boolean nodeHasEndpoint = false;
            boolean ramping = false;
            for (EndpointWeight endpoint : weights.getEndpoints()) {
                ramping |= endpoint.getRampingUp();
                if (node.equals(endpoint.getNode())) {
                    nodeHasEndpoint = true;
                    onNode += endpoint.getWeight();
                }
            }
            boolean settled = nodeHasEndpoint ? onNode >= shareBefore * 0.5 : !ramping;
            if (settled) {
                rampedBack = weights.getComputedTime();
            }
        }
    }

    /** Returns a value once {@code source} returned the same one for {@code quiet}. Used by one thread. */
    private static final class Settled<T> implements Supplier<Optional<T>> {

        private final Supplier<Optional<T>> source;
        private final Duration quiet;
        private Optional<T> last = Optional.empty();
        private Instant since = Instant.now();

        Settled(Supplier<Optional<T>> source, Duration quiet) {
            this.source = source;
            this.quiet = quiet;
        }

        @Override
        public Optional<T> get() {
            Optional<T> now = source.get();
            if (!now.equals(last)) {
                last = now;
                since = Instant.now();
                return Optional.empty();
            }
            return now.isPresent() && !Instant.now().isBefore(since.plus(quiet)) ? now : Optional.empty();
        }
    }

    /** Waits while the console shows what for. */
    private static final class Waiter {

        private final ConsolePrinter printer;

        Waiter(ConsolePrinter printer) {
            this.printer = printer;
        }

        <T> Optional<T> until(String what, Duration limit, Supplier<Optional<T>> check) throws InterruptedException {
            printer.waitingFor(what);
            Instant deadline = Instant.now().plus(limit);
            try {
                while (true) {
                    Optional<T> value = check.get();
                    if (value.isPresent() || !Instant.now().isBefore(deadline)) {
                        return value;
                    }
                    Thread.sleep(POLL.toMillis());
                }
            } finally {
                printer.doneWaiting();
            }
        }

        void sleep(String what, Duration duration) throws InterruptedException {
            until(what, duration, Optional::<Boolean>empty);
        }
    }
}
