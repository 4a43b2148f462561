package dev.edgeplane.demo.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import dev.edgeplane.demo.load.LoadReport;
import dev.edgeplane.demo.timeline.EventKind;
import dev.edgeplane.demo.timeline.Timeline;
import dev.edgeplane.demo.timeline.TimelineEvent;
import org.junit.jupiter.api.Test;

class SummaryCalculatorTest {

    private static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");
    private static final FaultWindow FAULT = new FaultWindow("edge-2", T0.plusSeconds(10), T0.plusSeconds(40));

    @Test
    void milestonesMeasuredFromFaultStart() {
        Timeline timeline = new Timeline(Clock.fixed(T0, ZoneOffset.UTC));
        timeline.record(event(1, EventKind.POD_RUNNING, "city/cam-1", "edge-2", "cam", "pod city/cam-1 running on edge-2"));
        timeline.record(event(13, EventKind.NODE_STATE, "edge-2", "edge-2", "SUSPECT", "suspect"));
        timeline.record(event(15, EventKind.DECISION, "city/cam-1", "edge-2", "DEGRADED_NODE", "decision"));
        timeline.record(event(18, EventKind.POD_RUNNING, "city/cam-2", "edge-3", "cam", "pod city/cam-2 running on edge-3"));

        RunSummary summary = SummaryCalculator.compute(FAULT, timeline, new LoadReport(List.of()), new WeightHistory(),
                "city/cam@edge-1", List.of(), T0, T0.plusSeconds(60));

        assertThat(summary.toDetection()).isEqualTo(Duration.ofSeconds(3));
        assertThat(summary.toDecision()).isEqualTo(Duration.ofSeconds(5));
        assertThat(summary.toPodElsewhere()).isEqualTo(Duration.ofSeconds(8));
    }

    @Test
    void missingMilestonesNotObserved() {
        Timeline timeline = new Timeline(Clock.fixed(T0, ZoneOffset.UTC));
        timeline.record(event(12, EventKind.NODE_STATE, "edge-2", "edge-2", "HEALTHY", "healthy"));

        RunSummary summary = SummaryCalculator.compute(FAULT, timeline, new LoadReport(List.of()), new WeightHistory(),
                "city/cam@edge-1", List.of(), T0, T0.plusSeconds(60));

        assertThat(summary.toDetection()).isNull();
        assertThat(summary.toWeightsShifted()).isNull();
        assertThat(summary.lines()).contains("  fault to detection:         not observed");
        assertThat(summary.latencies()).allSatisfy(phase -> assertThat(phase.p99Ms()).isNaN());
        assertThat(summary.actions()).isEqualTo(Map.of());
    }

    private static TimelineEvent event(int second, EventKind kind, String subject, String node, String detail,
            String message) {
        return new TimelineEvent(T0.plusSeconds(second), kind, subject, node, detail, message);
    }
}
