package dev.edgeplane.demo.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Opens the HTML report in headless Chromium and checks what the browser made of it: the DOM it
 * built, the pixels it drew and the requests the page sent. Skipped when Chromium is not installed.
 */
class HtmlReportBrowserTest {

    /** Margins of a plot's drawing area and the plot's width, as {@code SvgPlot} lays them out. */
    private static final int PLOT_LEFT = 150;
    private static final int PLOT_TOP = 30;
    private static final int PLOT_BOTTOM = 40;
    private static final int SVG_WIDTH = 900;
    /** Width at the right of a plot that pixel counts leave out, because the legend swatches are there. */
    private static final int LEGEND_WIDTH = 40;
    /** A 2-pixel line across a third of a plot covers about 500 pixels; a legend swatch covers 100. */
    private static final int MIN_LINE_PIXELS = 300;

    @TempDir
    static Path dir;

    private static HeadlessChromium chromium;
    private static HeadlessChromium.Render render;
    private static Document dom;

    @BeforeAll
    static void renderReport() throws Exception {
        Optional<HeadlessChromium> found = HeadlessChromium.locate();
        assumeTrue(found.isPresent(), "chromium is not on the PATH; install the Debian package chromium to run"
                + " the browser test of the HTML report");
        chromium = found.get();

        Path report = HtmlReportWriter.write(dir.resolve("report.html"), SampleRun.input());
        render = chromium.render(report, Files.createDirectories(dir.resolve("report-browser")), 1000, 1600);
        dom = Jsoup.parse(render.dom());
    }

    @Test
    void browserBuildsThreeSvgPlots() {
        List<String> ids = dom.select("svg").eachAttr("id");

        assertThat(ids).containsExactly(HtmlReportWriter.NODE_STATES_ID, HtmlReportWriter.WEIGHTS_ID,
                HtmlReportWriter.LATENCY_ID);
    }

    @Test
    void weightPlotHasLinePerEndpoint() {
        List<Element> lines = dom.select("svg#" + HtmlReportWriter.WEIGHTS_ID + " > polyline");

        assertThat(lines).extracting(Element::text).containsExactly(
                "camera-0 on edge-1-1 (127.0.0.1:1001)", "camera-1 on edge-1-2 (127.0.0.1:1002)");
        assertThat(lines.get(0).attr("points").split(" ")).hasSizeGreaterThanOrEqualTo(4);
    }

    @Test
    void latencyPlotHasP50AndP99() {
        List<Element> lines = dom.select("svg#" + HtmlReportWriter.LATENCY_ID + " > polyline");

        assertThat(lines).extracting(Element::text).containsExactly("p50", "p99");
        assertThat(lines.get(1).attr("points").split(" ")).hasSize(30);
    }

    @Test
    void nodePlotHasStateBars() {
        List<String> bars = dom.select("svg#" + HtmlReportWriter.NODE_STATES_ID + " > rect").eachText();

        assertThat(bars).contains("edge-1-2 HEALTHY", "edge-1-2 DEGRADED", "edge-1-3 UNKNOWN", "fault on edge-1-2");
    }

    @Test
    void screenshotShowsNodeStates() {
        Band band = bands().get(0);

        assertThat(band.count(0x2ca02c)).as("HEALTHY bar pixels").isGreaterThan(MIN_LINE_PIXELS);
        assertThat(band.count(0xff7f0e)).as("DEGRADED bar pixels").isGreaterThan(MIN_LINE_PIXELS);
        assertThat(band.count(0xbbbbbb)).as("no-state bar pixels").isGreaterThan(MIN_LINE_PIXELS);
    }

    @Test
    void screenshotShowsWeightLines() {
        Band band = bands().get(1);

        assertThat(band.count(0x1f77b4)).as("camera-0 line pixels").isGreaterThan(MIN_LINE_PIXELS);
        assertThat(band.count(0xff7f0e)).as("camera-1 line pixels").isGreaterThan(MIN_LINE_PIXELS);
    }

    @Test
    void screenshotShowsLatencyLines() {
        Band band = bands().get(2);

        assertThat(band.count(0x1f77b4)).as("p50 line pixels").isGreaterThan(MIN_LINE_PIXELS);
        assertThat(band.count(0xd62728)).as("p99 line pixels").isGreaterThan(MIN_LINE_PIXELS);
    }

    @Test
    void pageSendsNoRequest() {
        assertThat(render.pageRequests()).isEmpty();
        assertThat(dom.select("[src], [href], link, script, img, iframe, object, embed")).isEmpty();
        assertThat(dom.select("style").html()).doesNotContain("url(").doesNotContain("@import");
    }

    @Test
    void netLogCatchesPageRequest() throws Exception {
        // Port 9 is on Chromium's list of unsafe ports, so the probe is logged but never connects.
        Path probe = Files.writeString(dir.resolve("probe.html"), "<!DOCTYPE html><html><head><title>probe</title>"
                + "</head><body><img src=\"http://127.0.0.1:9/probe.png\"/></body></html>");

        HeadlessChromium.Render probed = chromium.render(probe, Files.createDirectories(dir.resolve("probe-browser")),
                400, 300);

        assertThat(probed.pageRequests()).containsExactly("http://127.0.0.1:9/probe.png");
    }

    /**
     * Returns the drawing area of each plot in the screenshot, top to bottom. A plot's x axis is
     * the only long run of grey pixels in its rows, so each run marks the bottom of one area.
     */
    private static List<Band> bands() {
        BufferedImage image = render.screenshot();
        List<Integer> svgHeights = dom.select("svg").eachAttr("height").stream().map(Integer::parseInt).toList();

        List<Band> bands = new ArrayList<>();
        int previousAxisRow = -2;
        for (int y = 0; y < image.getHeight(); y++) {
            int axisStart = -1;
            int run = 0;
            int grey = 0;
            for (int x = 0; x < image.getWidth(); x++) {
                run = isAxisGrey(image.getRGB(x, y)) ? run + 1 : 0;
                grey += run > 0 ? 1 : 0;
                // Tick labels share the axis row, but no glyph is 50 pixels wide.
                axisStart = axisStart < 0 && run == 50 ? x - 49 : axisStart;
            }
            if (grey >= 400 && y != previousAxisRow + 1) {
                int svgLeft = axisStart - PLOT_LEFT;
                int areaHeight = svgHeights.get(bands.size()) - PLOT_TOP - PLOT_BOTTOM;
                bands.add(new Band(image, axisStart, svgLeft + SVG_WIDTH - LEGEND_WIDTH, y - areaHeight, y));
            }
            previousAxisRow = grey >= 400 ? y : previousAxisRow;
        }

        assertThat(bands).as("x axes found in the screenshot").hasSize(3);
        return bands;
    }

    private static boolean isAxisGrey(int rgb) {
        int r = rgb >> 16 & 0xff;
        int g = rgb >> 8 & 0xff;
        int b = rgb & 0xff;
        return Math.abs(r - g) <= 6 && Math.abs(g - b) <= 6 && r >= 40 && r <= 180;
    }

    /** A rectangle of the screenshot, right and bottom edges exclusive. */
    private record Band(BufferedImage image, int left, int right, int top, int bottom) {

        /**
         * Counts the pixels within 40 of {@code rgb} on every channel, so that a line under the
         * fault window's translucent shading still counts.
         */
        int count(int rgb) {
            int count = 0;
            for (int y = Math.max(0, top); y < bottom; y++) {
                for (int x = left; x < Math.min(right, image.getWidth()); x++) {
                    int pixel = image.getRGB(x, y);
                    if (near(pixel >> 16 & 0xff, rgb >> 16 & 0xff) && near(pixel >> 8 & 0xff, rgb >> 8 & 0xff)
                            && near(pixel & 0xff, rgb & 0xff)) {
                        count++;
                    }
                }
            }
            return count;
        }

        private static boolean near(int a, int b) {
            return Math.abs(a - b) <= 40;
        }
    }
}
