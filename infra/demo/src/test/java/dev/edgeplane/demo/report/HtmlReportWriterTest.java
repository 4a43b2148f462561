package dev.edgeplane.demo.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import javax.xml.parsers.DocumentBuilderFactory;

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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

class HtmlReportWriterTest {

    private static final String SVG = "http://www.w3.org/2000/svg";
    private static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");
    private static final String KEY = "city/camera@edge-1-1";

    @TempDir
    Path dir;

    @Test
    void reportIsWellFormedWithThreePlots() throws Exception {
        Document document = parse(HtmlReportWriter.write(dir.resolve("report.html"), input()));

        NodeList svgs = document.getElementsByTagNameNS(SVG, "svg");

        assertThat(svgs.getLength()).isEqualTo(3);
        assertThat(ids(svgs)).containsExactly(HtmlReportWriter.NODE_STATES_ID, HtmlReportWriter.WEIGHTS_ID,
                HtmlReportWriter.LATENCY_ID);
    }

    @Test
    void weightPlotHasOneLinePerEndpoint() throws Exception {
        Element weights = plot(HtmlReportWriter.WEIGHTS_ID);

        NodeList lines = weights.getElementsByTagNameNS(SVG, "polyline");

        assertThat(lines.getLength()).isEqualTo(2);
        assertThat(lines.item(0).getTextContent()).contains("camera-0 on edge-1-1");
        assertThat(((Element) lines.item(0)).getAttribute("points").split(" ")).hasSizeGreaterThanOrEqualTo(4);
    }

    @Test
    void latencyPlotHasP50AndP99() throws Exception {
        NodeList lines = plot(HtmlReportWriter.LATENCY_ID).getElementsByTagNameNS(SVG, "polyline");

        assertThat(lines.getLength()).isEqualTo(2);
        assertThat(lines.item(0).getTextContent()).isEqualTo("p50");
        assertThat(lines.item(1).getTextContent()).isEqualTo("p99");
    }

    @Test
    void nodePlotShowsEachStateOfFaultyNode() throws Exception {
        NodeList bars = plot(HtmlReportWriter.NODE_STATES_ID).getElementsByTagNameNS(SVG, "rect");

        List<String> titles = new ArrayList<>();
        for (int i = 0; i < bars.getLength(); i++) {
            titles.add(bars.item(i).getTextContent());
        }

        assertThat(titles).contains("edge-1-2 UNKNOWN", "edge-1-2 HEALTHY", "edge-1-2 DEGRADED", "fault on edge-1-2");
    }

    @Test
    void reportLoadsNothingFromTheNetwork() throws Exception {
        String html = Files.readString(HtmlReportWriter.write(dir.resolve("report.html"), input()));

        assertThat(html).doesNotContain("src=").doesNotContain("href=").doesNotContain("<script")
                .doesNotContain("@import");
    }

    @Test
    void summaryAndTimelineAreEscaped() throws Exception {
        String html = Files.readString(HtmlReportWriter.write(dir.resolve("report.html"), input()));

        assertThat(html).contains("fault to detection:         4.0 s").contains("latency &gt; 100 ms on edge-1-2");
    }

    private Element plot(String id) throws Exception {
        Document document = parse(HtmlReportWriter.write(dir.resolve("report.html"), input()));
        NodeList svgs = document.getElementsByTagNameNS(SVG, "svg");
        for (int i = 0; i < svgs.getLength(); i++) {
            if (id.equals(((Element) svgs.item(i)).getAttribute("id"))) {
                return (Element) svgs.item(i);
            }
        }
        throw new AssertionError("No plot with id " + id);
    }

    private static List<String> ids(NodeList svgs) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < svgs.getLength(); i++) {
            ids.add(((Element) svgs.item(i)).getAttribute("id"));
        }
        return ids;
    }

    private static Document parse(Path file) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        return factory.newDocumentBuilder().parse(new ByteArrayInputStream(Files.readAllBytes(file)));
    }

    /** A run of 30 s: a fault on edge-1-2 from 10 s to 20 s, detected at 14 s, weights shifted at 16 s. */
    private static HtmlReportWriter.Input input() {
        Timeline timeline = new Timeline(Clock.fixed(T0, ZoneOffset.UTC));
        timeline.record(event(1, EventKind.POD_RUNNING, "city/camera-0", "edge-1-1", "camera", "pod camera-0 running on edge-1-1"));
        timeline.record(event(1, EventKind.POD_RUNNING, "city/camera-1", "edge-1-2", "camera", "pod camera-1 running on edge-1-2"));
        timeline.record(event(2, EventKind.NODE_STATE, "edge-1-2", "edge-1-2", "HEALTHY", "node edge-1-2 HEALTHY"));
        timeline.record(event(10, EventKind.SCENARIO, "edge-1-2", "edge-1-2", "", "fault: latency > 100 ms on edge-1-2"));
        timeline.record(event(14, EventKind.NODE_STATE, "edge-1-2", "edge-1-2", "DEGRADED", "node edge-1-2 DEGRADED"));
        timeline.record(event(24, EventKind.NODE_STATE, "edge-1-2", "edge-1-2", "HEALTHY", "node edge-1-2 HEALTHY"));

        WeightHistory weights = new WeightHistory();
        weights.add(weights(5, 0.5, 0.5));
        weights.add(weights(12, 0.6, 0.4));
        weights.add(weights(16, 0.8, 0.2));
        weights.add(weights(26, 0.5, 0.5));

        List<LoadBucket> buckets = new ArrayList<>();
        for (int second = 0; second < 30; second++) {
            Histogram histogram = new Histogram(3);
            long micros = second >= 10 && second < 20 ? 120_000 : 6_000;
            histogram.recordValueWithCount(micros, 99);
            histogram.recordValue(micros * 2);
            buckets.add(new LoadBucket(T0.plusSeconds(second), T0.plusSeconds(second + 1), 100, 100, 0, 0, 100, 0,
                    Map.of("127.0.0.1:1001", 60L, "127.0.0.1:1002", 40L), histogram));
        }
        LoadReport load = new LoadReport(buckets);
        FaultWindow fault = new FaultWindow("edge-1-2", T0.plusSeconds(10), T0.plusSeconds(20));
        List<ActionAudit> audits = List.of(audit(ActionKind.WEIGHT_PUSH, ActionOutcome.SUCCEEDED, "pushed"),
                audit(ActionKind.EVICTION, ActionOutcome.SKIPPED, "minimum ready replicas"));
        RunSummary summary = SummaryCalculator.compute(fault, timeline, load, weights, KEY, audits, T0,
                T0.plusSeconds(30));
        return new HtmlReportWriter.Input("Edgeplane demo", timeline, load, weights, KEY, summary, fault,
                T0.plusSeconds(30));
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
