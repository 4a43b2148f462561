package dev.edgeplane.demo.report;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import dev.edgeplane.demo.load.LoadReport;
import dev.edgeplane.demo.timeline.EventKind;
import dev.edgeplane.demo.timeline.Timeline;
import dev.edgeplane.demo.timeline.TimelineEvent;
import dev.edgeplane.event.audit.ActionAudit;
import dev.edgeplane.event.audit.ActionOutcome;

/**
 * Computes a {@link RunSummary} from what a run recorded. Stateless.
 *
 * <p>NOTE: the times take each step's timeline timestamp. Node-health changes and decisions carry
 * their record timestamp, the end of the window they judge, while replicas and weight sets carry
 * the wall-clock time they were seen. So detection and decision can read a second or so earlier
 * than the wall clock saw them.
 */
public final class SummaryCalculator {

    /** Share of the faulty node's weight before the fault at or below which the weights count as shifted. */
    public static final double SHIFTED_SHARE = 0.5;

    private SummaryCalculator() {
    }

    /**
     * Computes the summary.
     *
     * @param weightsKey key of the weight set the load generator used, {@code namespace/service@clientNode}
     * @param loadStart start of the "before" phase: the steady state's start, or the first load bucket's
     * @param loadEnd end of the last load bucket, the end of the "after" phase
     */
    public static RunSummary compute(FaultWindow fault, Timeline timeline, LoadReport load, WeightHistory weights,
            String weightsKey, List<ActionAudit> audits, Instant loadStart, Instant loadEnd) {
        Instant start = fault.start();
        Instant end = fault.end() == null ? loadEnd : fault.end();

        Duration detection = since(start, timeline.first(EventKind.NODE_STATE, start,
                e -> fault.node().equals(e.node()) && !"HEALTHY".equals(e.detail())));
        Duration decision = since(start, timeline.first(EventKind.DECISION, start, e -> fault.node().equals(e.node())));
        Duration elsewhere = since(start, podElsewhere(fault, timeline));
        Duration shifted = weightsShifted(fault, weights, weightsKey);

        List<RunSummary.PhaseLatency> latencies = List.of(
                phase("before", load, loadStart, start),
                phase("during", load, start, end),
                phase("after", load, end, loadEnd.plusNanos(1)));

        Map<String, Long> actions = new TreeMap<>();
        Map<String, Long> skipReasons = new TreeMap<>();
        for (ActionAudit audit : audits) {
            actions.merge(audit.getKind() + " " + audit.getOutcome(), 1L, Long::sum);
            if (audit.getOutcome() == ActionOutcome.SKIPPED) {
                skipReasons.merge(audit.getKind() + ": " + audit.getReason(), 1L, Long::sum);
            }
        }
        return new RunSummary(fault, detection, decision, elsewhere, shifted, latencies, actions, skipReasons);
    }

    /** Finds the first replica, after the fault, of a service that ran on the faulty node, running on another node. */
    private static java.util.Optional<TimelineEvent> podElsewhere(FaultWindow fault, Timeline timeline) {
        Set<String> affected = new HashSet<>();
        for (TimelineEvent event : timeline.events()) {
            if (event.kind() == EventKind.POD_RUNNING && fault.node().equals(event.node())
                    && event.time().isBefore(fault.start())) {
                affected.add(event.detail());
            }
        }
        return timeline.first(EventKind.POD_RUNNING, fault.start(),
                e -> affected.contains(e.detail()) && !fault.node().equals(e.node()) && e.message().contains("running on"));
    }

    private static Duration weightsShifted(FaultWindow fault, WeightHistory weights, String weightsKey) {
        double before = weights.weightOnNode(weightsKey, fault.node(), fault.start());
        if (Double.isNaN(before) || before <= 0.0) {
            return null;
        }
        for (Instant time : weights.setTimes(weightsKey)) {
            if (time.isAfter(fault.start())
                    && weights.weightOnNode(weightsKey, fault.node(), time) <= before * SHIFTED_SHARE) {
                return Duration.between(fault.start(), time);
            }
        }
        return null;
    }

    private static RunSummary.PhaseLatency phase(String name, LoadReport load, Instant from, Instant to) {
        return new RunSummary.PhaseLatency(name, load.percentileMs(from, to, 50.0), load.percentileMs(from, to, 99.0),
                load.sent(from, to), load.errors(from, to));
    }

    private static Duration since(Instant start, java.util.Optional<TimelineEvent> event) {
        return event.map(e -> Duration.between(start, e.time())).orElse(null);
    }
}
