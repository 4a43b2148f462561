package dev.edgeplane.demo;

import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.random.RandomGenerator;

import dev.edgeplane.demo.load.EndpointSource;
import dev.edgeplane.demo.load.LoadBucket;
import dev.edgeplane.demo.load.LoadGenerator;
import dev.edgeplane.demo.load.LoadReport;
import dev.edgeplane.demo.load.LoadSettings;
import dev.edgeplane.demo.load.WeightsFeed;
import dev.edgeplane.demo.replica.FleetListener;
import dev.edgeplane.demo.replica.ReplicaFleet;
import dev.edgeplane.demo.report.FaultWindow;
import dev.edgeplane.demo.report.HtmlReportWriter;
import dev.edgeplane.demo.report.RunSummary;
import dev.edgeplane.demo.report.SummaryCalculator;
import dev.edgeplane.demo.report.WeightHistory;
import dev.edgeplane.demo.report.WeightSets;
import dev.edgeplane.demo.timeline.ControlPlaneFeed;
import dev.edgeplane.demo.timeline.EventKind;
import dev.edgeplane.demo.timeline.Timeline;
import dev.edgeplane.demo.timeline.TimelineRecorders;
import dev.edgeplane.event.audit.ActionAudit;
import dev.edgeplane.event.decision.RescheduleDecision;

/**
 * Watches one run of a scenario against a running stack: records the replica fleet, the weights,
 * node health, decisions and the audit trail on a {@link Timeline}, sends load to one service
 * through the published weights, and at the end computes the {@link RunSummary} and writes the
 * HTML report. A scenario calls {@link #faultStarted} and {@link #faultEnded} around its fault.
 *
 * <p>Threads: the feeds and the load generator run on their own threads; the methods here are
 * meant for the one thread that drives the scenario. The caller closes the observer, which does
 * not close the fleet.
 */
public final class RunObserver implements AutoCloseable {

    /** Smallest change of one endpoint's weight that the timeline shows. */
    public static final double WEIGHT_CHANGE_SHOWN = 0.05;

    /**
     * Outputs of a finished run.
     *
     * @param summary the figures, or null when the run injected no fault
     * @param report the HTML report
     * @param load every load bucket
     */
    public record Result(RunSummary summary, Path report, LoadReport load) {
    }

    private final Timeline timeline;
    private final LoadSettings settings;
    private final WeightHistory weights = new WeightHistory();
    private final WeightSets weightSets = new WeightSets();
    private final WeightsFeed weightsFeed;
    private final ControlPlaneFeed controlPlane;
    private final LoadGenerator load;
    private final Instant loadStart;
    private FaultWindow fault;
    private Instant steadyStart;
    private volatile LoadBucket lastBucket;

    private RunObserver(String bootstrapServers, String registryUrl, ReplicaFleet fleet, Timeline timeline,
            LoadSettings settings, RandomGenerator random) {
        this.timeline = timeline;
        this.settings = settings;
        FleetListener recorder = TimelineRecorders.fleet(timeline);
        fleet.addListener(recorder);
        // Replicas that started before the run show as running at its start; one that starts right
        // now may show twice, which the summary tolerates.
        fleet.replicas().forEach(recorder::replicaStarted);
        this.weightsFeed = WeightsFeed.start(bootstrapServers, registryUrl);
        weightsFeed.addListener(weights::add);
        weightsFeed.addListener(weightSets::add);
        weightsFeed.addListener(TimelineRecorders.weights(timeline, weightsKey(), WEIGHT_CHANGE_SHOWN));
        ControlPlaneFeed started = null;
        try {
            started = ControlPlaneFeed.start(bootstrapServers, registryUrl, timeline);
        } catch (RuntimeException e) {
            weightsFeed.close();
            throw e;
        }
        this.controlPlane = started;
        this.loadStart = timeline.clock().instant();
        this.load = LoadGenerator.start(settings, weightsFeed, EndpointSource.of(fleet), random, timeline.clock());
        load.addBucketListener(bucket -> lastBucket = bucket);
        timeline.record(EventKind.SCENARIO, settings.namespace() + "/" + settings.service(), settings.clientNode(), "",
                String.format(Locale.ROOT, "load started: %.0f requests/s to %s/%s from node %s",
                        settings.requestsPerSecond(), settings.namespace(), settings.service(), settings.clientNode()));
    }

    /**
     * Starts the feeds and the load. Blocks until the feeds know their partitions.
     *
     * @throws IllegalStateException if a topic of the catalog does not exist
     */
    public static RunObserver start(String bootstrapServers, String registryUrl, ReplicaFleet fleet, Timeline timeline,
            LoadSettings settings, RandomGenerator random) {
        return new RunObserver(bootstrapServers, registryUrl, fleet, timeline, settings, random);
    }

    /**
     * Returns the endpoints the weighted load chooses among: the ready endpoints named in the current
     * weight set of {@link #weightsKey()}, or every ready replica of the service while no set exists.
     * A baseline client that picks uniformly among them is what kube-proxy would do on the same
     * endpoints.
     */
    public EndpointSource weightedEndpoints(ReplicaFleet fleet) {
        EndpointSource ready = EndpointSource.of(fleet);
        return (namespace, service) -> {
            List<String> all = ready.readyEndpoints(namespace, service);
            return weightsFeed.weightsFor(namespace, service, settings.clientNode())
                    .map(set -> set.getEndpoints().stream().map(endpoint -> endpoint.getEndpoint())
                            .filter(all::contains).sorted().toList())
                    .filter(named -> !named.isEmpty())
                    .orElse(all);
        };
    }

    /** Returns the key of the weights the load follows, {@code namespace/service@clientNode}. */
    public String weightsKey() {
        return WeightsFeed.key(settings.namespace(), settings.service(), settings.clientNode());
    }

    public Timeline timeline() {
        return timeline;
    }

    public WeightHistory weights() {
        return weights;
    }

    /** Returns the audit records read so far. */
    public List<ActionAudit> audits() {
        return controlPlane.audits();
    }

    /** Adds a listener for every weight set read from now on, of every key; it runs on the feed's thread. */
    public void addWeightsListener(java.util.function.Consumer<dev.edgeplane.event.lb.ServiceWeights> listener) {
        weightsFeed.addListener(listener);
    }

    /** Returns every weight set read so far, of every key. */
    public WeightSets weightSets() {
        return weightSets;
    }

    /** Returns the reschedule decisions read so far. */
    public List<RescheduleDecision> decisions() {
        return controlPlane.decisions();
    }

    /** Returns the load buckets closed so far. */
    public LoadReport loadReport() {
        return load.report();
    }

    /** Returns a one-line status for progress lines: requests sent and the last bucket's p99. */
    public String status() {
        LoadBucket bucket = lastBucket;
        long sent = load.report().totalSent();
        if (bucket == null) {
            return sent + " requests sent";
        }
        return String.format(Locale.ROOT, "%d requests sent, last %s: p99 %s, %d errors", sent,
                java.time.Duration.between(bucket.start(), bucket.end()).toMillis() + " ms",
                RunSummary.formatMs(bucket.percentileMs(99)), bucket.errors());
    }

    /**
     * Marks the start of the steady state, the start of the summary's "before" phase, so that the
     * load's warm-up while the stack settled is left out. Without it the phase starts with the load.
     */
    public synchronized void steadyStarted() {
        steadyStart = timeline.clock().instant();
    }

    /** Records that the fault on {@code node} starts now. */
    public synchronized void faultStarted(String node, String description) {
        fault = new FaultWindow(node, nowMillis(), null);
        timeline.record(EventKind.SCENARIO, node, node, "fault", "fault injected on " + node + ": " + description);
    }

    /** Records that the fault ends now. */
    public synchronized void faultEnded(String description) {
        if (fault == null) {
            throw new IllegalStateException("No fault started: call faultStarted before faultEnded");
        }
        fault = new FaultWindow(fault.node(), fault.start(), nowMillis());
        timeline.record(EventKind.SCENARIO, fault.node(), fault.node(), "recovery",
                "fault removed from " + fault.node() + ": " + description);
    }

    /** Returns now in whole milliseconds, the precision of the Kafka record times the milestones are read from. */
    private Instant nowMillis() {
        return timeline.clock().instant().truncatedTo(ChronoUnit.MILLIS);
    }

    /**
     * Stops the load, computes the summary and writes the report. Blocks until the responses in
     * flight arrive or time out and the file is written.
     */
    public synchronized Result finish(Path reportFile, String title) {
        load.close();
        Instant end = timeline.clock().instant();
        LoadReport report = load.report();
        RunSummary summary = fault == null ? null : SummaryCalculator.compute(fault, timeline, report, weights,
                weightsKey(), controlPlane.audits(), steadyStart == null ? loadStart : steadyStart, end);
        Path written = HtmlReportWriter.write(reportFile, new HtmlReportWriter.Input(title, timeline, report, weights,
                weightsKey(), summary, fault, end));
        return new Result(summary, written, report);
    }

    /** Stops the load and the feeds. Blocks up to about 20 s. */
    @Override
    public void close() {
        load.close();
        controlPlane.close();
        weightsFeed.close();
    }
}
