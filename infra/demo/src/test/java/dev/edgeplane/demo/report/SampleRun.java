package dev.edgeplane.demo.report;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.edgeplane.demo.load.LoadBucket;
import dev.edgeplane.demo.load.LoadReport;
import dev.edgeplane.demo.timeline.EventKind;
import dev.edgeplane.demo.timeline.Timeline;
import dev.edgeplane.demo.timeline.TimelineEvent;
import dev.edgeplane.event.audit.ActionAudit;
import dev.edgeplane.event.audit.ActionKind;
import dev.edgeplane.event.audit.ActionOutcome;
import dev.edgeplane.event.lb.EndpointWeight;
import dev.edgeplane.event.lb.ServiceWeights;
import org.HdrHistogram.Histogram;

/**
 * A run of 30 s built from the report's own input types. A latency fault on edge-1-2 lasts from
 * 10 s to 20 s and is detected at 14 s. A decision follows at 15 s and the pod runs on edge-1-3 at
 * 17 s. The weights shift away at 16 s and back at 26 s, after the node recovered at 24 s.
 */
final class SampleRun {

    static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");
    static final String KEY = "city/camera@edge-1-1";

    private SampleRun() {
    }

    static HtmlReportWriter.Input input() {
        Timeline timeline = timeline();
        WeightHistory weights = weights();
        LoadReport load = load();
        FaultWindow fault = new FaultWindow("edge-1-2", T0.plusSeconds(10), T0.plusSeconds(20));
        List<ActionAudit> audits = List.of(audit(ActionKind.WEIGHT_PUSH, ActionOutcome.SUCCEEDED, "pushed"),
                audit(ActionKind.EVICTION, ActionOutcome.SUCCEEDED, "node edge-1-2 DEGRADED"),
                audit(ActionKind.EVICTION, ActionOutcome.SKIPPED, "minimum ready replicas"));
        RunSummary summary = SummaryCalculator.compute(fault, timeline, load, weights, KEY, audits, T0,
                T0.plusSeconds(30));
        return new HtmlReportWriter.Input("Edgeplane demo", timeline, load, weights, KEY, summary, fault,
                T0.plusSeconds(30));
    }

    private static Timeline timeline() {
        Timeline timeline = new Timeline(Clock.fixed(T0, ZoneOffset.UTC));
        timeline.record(event(1, EventKind.POD_RUNNING, "city/camera-0", "edge-1-1", "camera",
                "pod camera-0 running on edge-1-1"));
        timeline.record(event(1, EventKind.POD_RUNNING, "city/camera-1", "edge-1-2", "camera",
                "pod camera-1 running on edge-1-2"));
        timeline.record(event(2, EventKind.NODE_STATE, "edge-1-2", "edge-1-2", "HEALTHY", "node edge-1-2 HEALTHY"));
        timeline.record(event(10, EventKind.SCENARIO, "edge-1-2", "edge-1-2", "",
                "fault: latency > 100 ms on edge-1-2"));
        timeline.record(event(14, EventKind.NODE_STATE, "edge-1-2", "edge-1-2", "DEGRADED", "node edge-1-2 DEGRADED"));
        timeline.record(event(15, EventKind.DECISION, "city/camera-1", "edge-1-2", "MOVE",
                "decision: move camera-1 off edge-1-2"));
        timeline.record(event(15, EventKind.ACTION, "city/camera-1", "edge-1-2", "EVICTION", "evicted camera-1"));
        timeline.record(event(17, EventKind.POD_RUNNING, "city/camera-2", "edge-1-3", "camera",
                "pod camera-2 running on edge-1-3"));
        timeline.record(event(24, EventKind.NODE_STATE, "edge-1-2", "edge-1-2", "HEALTHY", "node edge-1-2 HEALTHY"));
        return timeline;
    }

    private static WeightHistory weights() {
        WeightHistory weights = new WeightHistory();
        weights.add(weights(5, 0.5, 0.5));
        weights.add(weights(12, 0.6, 0.4));
        weights.add(weights(16, 0.8, 0.2));
        weights.add(weights(26, 0.5, 0.5));
        return weights;
    }

    private static LoadReport load() {
        List<LoadBucket> buckets = new ArrayList<>();
        for (int second = 0; second < 30; second++) {
            Histogram histogram = new Histogram(3);
            long micros = second >= 10 && second < 20 ? 60_000 : 6_000;
            histogram.recordValueWithCount(micros, 90);
            histogram.recordValueWithCount(micros * 2, 9);
            histogram.recordValue(micros * 4);
            buckets.add(new LoadBucket(T0.plusSeconds(second), T0.plusSeconds(second + 1), 100, 100, 0, 0, 100, 0,
                    Map.of("127.0.0.1:1001", 60L, "127.0.0.1:1002", 40L), histogram));
        }
        return new LoadReport(buckets);
    }

    private static TimelineEvent event(int second, EventKind kind, String subject, String node, String detail,
            String message) {
        return new TimelineEvent(T0.plusSeconds(second), kind, subject, node, detail, message);
    }

    private static ServiceWeights weights(int second, double first, double second2) {
        return ServiceWeights.newBuilder()
                .setNamespace("city").setService("camera").setClientNode("edge-1-1").setGeneration(second)
                .setComputedTime(T0.plus(Duration.ofSeconds(second))).setPolicy("latency-aware")
                .setEndpoints(List.of(endpoint("127.0.0.1:1001", "camera-0", "edge-1-1", first),
                        endpoint("127.0.0.1:1002", "camera-1", "edge-1-2", second2)))
                .build();
    }

    private static EndpointWeight endpoint(String address, String pod, String node, double weight) {
        return EndpointWeight.newBuilder().setEndpoint(address).setPod(pod).setNode(node).setWeight(weight)
                .setUnclampedWeight(weight).setErrorRatio(0.0).setInFlight(0.0).build();
    }

    private static ActionAudit audit(ActionKind kind, ActionOutcome outcome, String reason) {
        return ActionAudit.newBuilder().setDecisionId("d-1").setActionTime(T0).setActor("edgeplane-test")
                .setKind(kind).setOutcome(outcome).setReason(reason).setTarget("camera-1").build();
    }
}
