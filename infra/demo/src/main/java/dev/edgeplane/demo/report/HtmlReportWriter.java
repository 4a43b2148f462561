package dev.edgeplane.demo.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

import dev.edgeplane.demo.internal.Html;
import dev.edgeplane.demo.internal.SvgPlot;
import dev.edgeplane.demo.load.LoadBucket;
import dev.edgeplane.demo.load.LoadReport;
import dev.edgeplane.demo.timeline.EventKind;
import dev.edgeplane.demo.timeline.Timeline;
import dev.edgeplane.demo.timeline.TimelineEvent;

/**
 * Writes a run's report as one self-contained HTML file with the summary, three inline SVG plots
 * and the timeline as a table. The plots show node health states, weight per endpoint and
 * response-time percentiles over seconds since the run started, with the fault window shaded. It loads nothing from
 * the network and runs no script. The markup is well-formed XML, so that tests can parse it.
 */
public final class HtmlReportWriter {

    /** Ids of the three plot elements. */
    public static final String NODE_STATES_ID = "node-states";
    public static final String WEIGHTS_ID = "weights";
    public static final String LATENCY_ID = "latency";

    private static final String[] PALETTE = {"#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b",
        "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"};
    private static final Map<String, String> STATE_COLORS = Map.of("HEALTHY", "#2ca02c", "SUSPECT", "#e6c300",
            "DEGRADED", "#ff7f0e", "UNREACHABLE", "#d62728", "RECOVERING", "#1f77b4", "UNKNOWN", "#bbbbbb");

    /**
     * Contents of a report.
     *
     * @param title heading of the page
     * @param weightsKey the weight set to plot, {@code namespace/service@clientNode}
     * @param summary the run's figures, or null when the run has no fault
     * @param fault the injected fault, or null when there was none
     * @param end end of the run, the right edge of the plots
     */
    public record Input(String title, Timeline timeline, LoadReport load, WeightHistory weights, String weightsKey,
            RunSummary summary, FaultWindow fault, Instant end) {
    }

    private HtmlReportWriter() {
    }

    /**
     * Writes the report to {@code file}, replacing it. Blocks on file I/O.
     *
     * @throws UncheckedIOException if the file cannot be written; the message names it
     */
    public static Path write(Path file, Input input) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.writeString(file, render(input), StandardCharsets.UTF_8);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("Failed to write the report " + file + ": " + e.getMessage()
                    + "; give a writable path", e);
        }
    }

    /** Returns the report's markup. */
    public static String render(Input input) {
        double span = seconds(input.timeline(), input.end());
        StringBuilder html = new StringBuilder();
        html.append("<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"en\">\n<head>\n")
                .append("<meta charset=\"utf-8\"/>\n<title>").append(Html.escape(input.title())).append("</title>\n")
                .append("<style>body{font-family:sans-serif;margin:2em;color:#222}table{border-collapse:collapse}"
                        + "td,th{border:1px solid #ccc;padding:2px 8px;text-align:left;font-size:13px}"
                        + ".axis{stroke:#444;stroke-width:1}.tick{font-size:11px;fill:#444}.legend{font-size:11px}"
                        + ".title{font-size:14px;font-weight:bold}.fault{fill:#d62728;fill-opacity:0.12}"
                        + ".empty{fill:#eeeeee;fill-opacity:0.5}pre{background:#f6f6f6;padding:1em}</style>\n</head>\n<body>\n");
        html.append("<h1>").append(Html.escape(input.title())).append("</h1>\n");
        html.append("<p>Run started ").append(input.timeline().started()).append(", ended ").append(input.end())
                .append(" (").append(String.format(Locale.ROOT, "%.1f", span)).append(" s).</p>\n");
        if (input.summary() != null) {
            html.append("<h2>Summary</h2>\n<pre>").append(Html.escape(String.join("\n", input.summary().lines())))
                    .append("</pre>\n");
        }
        html.append("<h2>Node health</h2>\n").append(nodeStates(input, span));
        html.append("<h2>Weight per endpoint</h2>\n").append(weights(input, span));
        html.append("<h2>Response time</h2>\n").append(latency(input, span));
        html.append("<h2>Timeline</h2>\n").append(table(input));
        html.append("</body>\n</html>\n");
        return html.toString();
    }

    private static String nodeStates(Input input, double span) {
        Map<String, List<TimelineEvent>> byNode = new LinkedHashMap<>();
        TreeSet<String> nodes = new TreeSet<>();
        for (TimelineEvent event : input.timeline().events()) {
            if (event.node() != null && (event.kind() == EventKind.NODE_STATE || event.kind() == EventKind.POD_RUNNING)) {
                nodes.add(event.node());
            }
            if (event.kind() == EventKind.NODE_STATE) {
                byNode.computeIfAbsent(event.node(), n -> new ArrayList<>()).add(event);
            }
        }
        if (input.fault() != null) {
            nodes.add(input.fault().node());
        }

        int rows = Math.max(1, nodes.size());
        SvgPlot plot = new SvgPlot(900, 70 + 22 * rows, 0, span, 0, rows);
        plot.axes("Node health state over time (grey: no state published)", "", value -> "");
        int row = 0;
        for (String node : nodes) {
            double low = rows - row - 1 + 0.15;
            double high = rows - row - 0.15;
            plot.rowLabel((low + high) / 2, node);
            String state = "UNKNOWN";
            double from = 0;
            for (TimelineEvent event : byNode.getOrDefault(node, List.of())) {
                double at = seconds(input.timeline(), event.time());
                plot.bar(from, at, low, high, STATE_COLORS.getOrDefault(state, "#bbbbbb"), node + " " + state);
                state = event.detail();
                from = at;
            }
            plot.bar(from, span, low, high, STATE_COLORS.getOrDefault(state, "#bbbbbb"), node + " " + state);
            row++;
        }
        shadeFault(plot, input);

        List<String[]> legend = new ArrayList<>();
        for (String state : List.of("HEALTHY", "SUSPECT", "DEGRADED", "UNREACHABLE", "RECOVERING")) {
            legend.add(new String[] {STATE_COLORS.get(state), state});
        }
        return plot.legend(legend).toSvg(NODE_STATES_ID);
    }

    private static String weights(Input input, double span) {
        SvgPlot plot = new SvgPlot(900, 320, 0, span, 0, 1);
        plot.axes("Weight per endpoint of " + input.weightsKey() + " (share of requests)", "weight",
                value -> String.format(Locale.ROOT, "%.2f", value));
        Map<String, List<double[]>> series = new LinkedHashMap<>();
        Map<String, String> labels = new LinkedHashMap<>();
        for (WeightHistory.Sample sample : input.weights().samplesOf(input.weightsKey())) {
            double at = seconds(input.timeline(), sample.time());
            List<double[]> points = series.computeIfAbsent(sample.endpoint(), e -> new ArrayList<>());
            if (!points.isEmpty()) {
                // A step line: the previous weight stays in force until the new set.
                points.add(new double[] {at, points.get(points.size() - 1)[1]});
            }
            points.add(new double[] {at, sample.weight()});
            labels.put(sample.endpoint(), sample.pod() + " on " + sample.node());
        }
        List<String[]> legend = new ArrayList<>();
        int i = 0;
        for (Map.Entry<String, List<double[]>> entry : series.entrySet()) {
            List<double[]> points = entry.getValue();
            points.add(new double[] {span, points.get(points.size() - 1)[1]});
            String color = PALETTE[i++ % PALETTE.length];
            String label = labels.get(entry.getKey()) + " (" + entry.getKey() + ")";
            plot.polyline(points, color, label);
            legend.add(new String[] {color, label});
        }
        if (series.isEmpty()) {
            plot.span(0, span, "no weights published: requests were spread uniformly", "empty");
        }
        shadeFault(plot, input);
        return plot.legend(legend).toSvg(WEIGHTS_ID);
    }

    private static String latency(Input input, double span) {
        List<double[]> p50 = new ArrayList<>();
        List<double[]> p99 = new ArrayList<>();
        double max = 1;
        for (LoadBucket bucket : input.load().buckets()) {
            double at = (seconds(input.timeline(), bucket.start()) + seconds(input.timeline(), bucket.end())) / 2;
            p50.add(new double[] {at, bucket.percentileMs(50)});
            p99.add(new double[] {at, bucket.percentileMs(99)});
            if (!Double.isNaN(bucket.percentileMs(99))) {
                max = Math.max(max, bucket.percentileMs(99));
            }
        }
        SvgPlot plot = new SvgPlot(900, 320, 0, span, 0, max * 1.1);
        plot.axes("Response time per " + bucketLength(input.load()) + " bucket", "ms",
                value -> String.format(Locale.ROOT, "%.0f", value));
        plot.polyline(p50, PALETTE[0], "p50");
        plot.polyline(p99, PALETTE[3], "p99");
        shadeFault(plot, input);
        return plot.legend(List.of(new String[] {PALETTE[0], "p50"}, new String[] {PALETTE[3], "p99"}))
                .toSvg(LATENCY_ID);
    }

    private static String table(Input input) {
        StringBuilder table = new StringBuilder("<table>\n<tr><th>time (s)</th><th>kind</th><th>event</th></tr>\n");
        for (TimelineEvent event : input.timeline().events()) {
            table.append("<tr><td>").append(String.format(Locale.ROOT, "%.1f", seconds(input.timeline(), event.time())))
                    .append("</td><td>").append(event.kind()).append("</td><td>").append(Html.escape(event.message()))
                    .append("</td></tr>\n");
        }
        return table.append("</table>\n").toString();
    }

    private static void shadeFault(SvgPlot plot, Input input) {
        if (input.fault() == null) {
            return;
        }
        Instant end = input.fault().end() == null ? input.end() : input.fault().end();
        plot.span(seconds(input.timeline(), input.fault().start()), seconds(input.timeline(), end),
                "fault on " + input.fault().node(), "fault");
    }

    private static String bucketLength(LoadReport load) {
        if (load.buckets().isEmpty()) {
            return "load";
        }
        LoadBucket first = load.buckets().get(0);
        return Duration.between(first.start(), first.end()).toMillis() + " ms";
    }

    private static double seconds(Timeline timeline, Instant time) {
        return Duration.between(timeline.started(), time).toMillis() / 1000.0;
    }
}
