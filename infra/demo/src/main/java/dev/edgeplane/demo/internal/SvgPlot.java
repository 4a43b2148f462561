package dev.edgeplane.demo.internal;

import java.util.List;
import java.util.Locale;
import java.util.function.DoubleFunction;

/**
 * Writes one SVG plot with a time axis in seconds and a linear y axis, as markup to inline into
 * an HTML page. Written by hand because the report must open with no network access and no
 * script, and a plotting library for the JVM would add a large dependency for three plots.
 * Not thread-safe; build one plot per thread.
 */
public final class SvgPlot {

    private static final int LEFT = 150;
    private static final int RIGHT = 20;
    private static final int TOP = 30;
    private static final int BOTTOM = 40;

    private final int width;
    private final int height;
    private final double xMin;
    private final double xMax;
    private final double yMin;
    private final double yMax;
    private final StringBuilder body = new StringBuilder();

    /**
     * Creates an empty plot. Ranges of zero width are widened so every point has a position.
     *
     * @param xMin left edge of the time axis, in seconds
     * @param xMax right edge of the time axis, in seconds
     */
    public SvgPlot(int width, int height, double xMin, double xMax, double yMin, double yMax) {
        this.width = width;
        this.height = height;
        this.xMin = xMin;
        this.xMax = xMax > xMin ? xMax : xMin + 1;
        this.yMin = yMin;
        this.yMax = yMax > yMin ? yMax : yMin + 1;
    }

    public double x(double seconds) {
        return LEFT + (seconds - xMin) / (xMax - xMin) * (width - LEFT - RIGHT);
    }

    public double y(double value) {
        return height - BOTTOM - (value - yMin) / (yMax - yMin) * (height - TOP - BOTTOM);
    }

    /** Draws both axes with five ticks each; {@code yFormat} formats the y tick labels. */
    public SvgPlot axes(String title, String yLabel, DoubleFunction<String> yFormat) {
        body.append(text(LEFT, 18, title, "title"));
        body.append(line(LEFT, y(yMin), width - RIGHT, y(yMin), "axis"));
        body.append(line(LEFT, TOP, LEFT, y(yMin), "axis"));
        for (int i = 0; i <= 4; i++) {
            double xs = xMin + (xMax - xMin) * i / 4;
            body.append(line(x(xs), y(yMin), x(xs), y(yMin) + 4, "axis"));
            if (i < 4) {
                body.append(text(x(xs) - 10, height - BOTTOM + 18, fmt(xs) + " s", "tick"));
            } else {
                // Anchored at its end, so the last label stays inside the plot's width.
                body.append(text(x(xs), height - BOTTOM + 18, fmt(xs) + " s", "tick", "end"));
            }
            double ys = yMin + (yMax - yMin) * i / 4;
            body.append(line(LEFT - 4, y(ys), LEFT, y(ys), "axis"));
            body.append(text(LEFT - 60, y(ys) + 4, yFormat.apply(ys), "tick"));
        }
        body.append(text(LEFT - 140, TOP - 8, yLabel, "tick"));
        return this;
    }

    /** Shades the span {@code [fromSeconds, toSeconds]} over the plot area, with a label. */
    public SvgPlot span(double fromSeconds, double toSeconds, String label, String cssClass) {
        body.append(rect(x(fromSeconds), TOP, Math.max(1, x(toSeconds) - x(fromSeconds)), y(yMin) - TOP, cssClass, label));
        body.append(text(x(fromSeconds) + 3, TOP + 12, label, "tick"));
        return this;
    }

    /** Draws a line through points given as seconds and values; NaN values break the line. */
    public SvgPlot polyline(List<double[]> points, String color, String label) {
        StringBuilder current = new StringBuilder();
        for (double[] point : points) {
            if (Double.isNaN(point[1])) {
                flush(current, color, label);
                continue;
            }
            current.append(fmt(x(point[0]))).append(',').append(fmt(y(point[1]))).append(' ');
        }
        flush(current, color, label);
        return this;
    }

    /** Draws a filled bar from {@code fromSeconds} to {@code toSeconds} in the band {@code [low, high]} of the y axis. */
    public SvgPlot bar(double fromSeconds, double toSeconds, double low, double high, String color, String label) {
        body.append("<rect x=\"").append(fmt(x(fromSeconds))).append("\" y=\"").append(fmt(y(high)))
                .append("\" width=\"").append(fmt(Math.max(0.5, x(toSeconds) - x(fromSeconds))))
                .append("\" height=\"").append(fmt(y(low) - y(high))).append("\" fill=\"").append(color)
                .append("\"><title>").append(Html.escape(label)).append("</title></rect>\n");
        return this;
    }

    /** Writes a label left of the plot area at value {@code y}. */
    public SvgPlot rowLabel(double value, String label) {
        body.append(text(4, y(value) + 4, label, "tick"));
        return this;
    }

    /** Writes legend entries along the top right, one colour swatch each. */
    public SvgPlot legend(List<String[]> entries) {
        double lx = width - RIGHT - 10;
        int row = 0;
        for (String[] entry : entries) {
            double ly = TOP + 14 * row++;
            body.append("<rect x=\"").append(fmt(lx - 10)).append("\" y=\"").append(fmt(ly - 8))
                    .append("\" width=\"10\" height=\"10\" fill=\"").append(entry[0]).append("\"/>\n");
            body.append("<text class=\"legend\" x=\"").append(fmt(lx - 14)).append("\" y=\"").append(fmt(ly + 1))
                    .append("\" text-anchor=\"end\">").append(Html.escape(entry[1])).append("</text>\n");
        }
        return this;
    }

    /** Returns the plot as an {@code svg} element. */
    public String toSvg(String id) {
        return "<svg xmlns=\"http://www.w3.org/2000/svg\" id=\"" + Html.escape(id) + "\" width=\"" + width
                + "\" height=\"" + height + "\" viewBox=\"0 0 " + width + " " + height + "\" role=\"img\">\n"
                + body + "</svg>\n";
    }

    private void flush(StringBuilder points, String color, String label) {
        if (points.length() == 0) {
            return;
        }
        body.append("<polyline fill=\"none\" stroke-width=\"2\" stroke=\"").append(color).append("\" points=\"")
                .append(points.toString().strip()).append("\"><title>").append(Html.escape(label))
                .append("</title></polyline>\n");
        points.setLength(0);
    }

    private static String line(double x1, double y1, double x2, double y2, String cssClass) {
        return "<line class=\"" + cssClass + "\" x1=\"" + fmt(x1) + "\" y1=\"" + fmt(y1) + "\" x2=\"" + fmt(x2)
                + "\" y2=\"" + fmt(y2) + "\"/>\n";
    }

    private static String rect(double x, double y, double w, double h, String cssClass, String title) {
        return "<rect class=\"" + cssClass + "\" x=\"" + fmt(x) + "\" y=\"" + fmt(y) + "\" width=\"" + fmt(w)
                + "\" height=\"" + fmt(h) + "\"><title>" + Html.escape(title) + "</title></rect>\n";
    }

    private static String text(double x, double y, String content, String cssClass) {
        return text(x, y, content, cssClass, "start");
    }

    private static String text(double x, double y, String content, String cssClass, String anchor) {
        return "<text class=\"" + cssClass + "\" x=\"" + fmt(x) + "\" y=\"" + fmt(y) + "\" text-anchor=\"" + anchor
                + "\">" + Html.escape(content) + "</text>\n";
    }

    private static String fmt(double value) {
        return String.format(Locale.ROOT, "%.1f", value);
    }
}
