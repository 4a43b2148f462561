package dev.edgeplane.demo.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

class HtmlReportWriterTest {

    private static final String SVG = "http://www.w3.org/2000/svg";

    @TempDir
    Path dir;

    @Test
    void reportIsWellFormedWithThreePlots() throws Exception {
        Document document = parse(HtmlReportWriter.write(dir.resolve("report.html"), SampleRun.input()));

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
        String html = Files.readString(HtmlReportWriter.write(dir.resolve("report.html"), SampleRun.input()));

        assertThat(html).doesNotContain("src=").doesNotContain("href=").doesNotContain("<script")
                .doesNotContain("@import");
    }

    @Test
    void summaryAndTimelineAreEscaped() throws Exception {
        String html = Files.readString(HtmlReportWriter.write(dir.resolve("report.html"), SampleRun.input()));

        assertThat(html).contains("fault to detection:         4.0 s").contains("latency &gt; 100 ms on edge-1-2");
    }

    private Element plot(String id) throws Exception {
        Document document = parse(HtmlReportWriter.write(dir.resolve("report.html"), SampleRun.input()));
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
}
