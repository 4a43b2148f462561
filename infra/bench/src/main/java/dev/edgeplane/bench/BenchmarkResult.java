package dev.edgeplane.bench;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Figures of one benchmark run, printed as a single line of {@code key=value} pairs that starts with
 * {@code bench=NAME}, so that scripts can parse and compare runs.
 *
 * @param benchmark benchmark name
 * @param figures   figures in print order; keys are lowercase and dotted, values contain no spaces
 */
public record BenchmarkResult(String benchmark, Map<String, String> figures) {

    private static final Pattern KEY = Pattern.compile("[a-z][a-z0-9]*([.-][a-z0-9]+)*");
    private static final Pattern VALUE = Pattern.compile("[^\\s=]+");

    public BenchmarkResult {
        Objects.requireNonNull(benchmark, "benchmark");
        figures.forEach((key, value) -> {
            if (!KEY.matcher(key).matches()) {
                throw new IllegalArgumentException("Invalid figure key '" + key + "': use lowercase dotted words, e.g. produce.mb.per.sec.");
            }
            if (!VALUE.matcher(value).matches()) {
                throw new IllegalArgumentException("Invalid value '" + value + "' of figure " + key + ": it must be non-empty, "
                        + "without spaces or '='.");
            }
        });
        figures = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(figures));
    }

    /** Returns a builder that keeps figures in the order they are added. */
    public static Builder builder(String benchmark) {
        return new Builder(benchmark);
    }

    /** Returns the figures as one line, e.g. {@code bench=broker records=1000 record.bytes=512}. */
    public String line() {
        StringBuilder line = new StringBuilder("bench=").append(benchmark);
        figures.forEach((key, value) -> line.append(' ').append(key).append('=').append(value));
        return line.toString();
    }

    /** Collects the figures of a {@link BenchmarkResult}. Not thread-safe. */
    public static final class Builder {
        private final String benchmark;
        private final Map<String, String> figures = new LinkedHashMap<>();

        private Builder(String benchmark) {
            this.benchmark = benchmark;
        }

        /** Adds a figure with a text value. */
        public Builder figure(String key, String value) {
            figures.put(key, value);
            return this;
        }

        /** Adds a whole-number figure. */
        public Builder figure(String key, long value) {
            return figure(key, Long.toString(value));
        }

        /** Adds a decimal figure with {@code decimals} digits after the point, independent of the locale. */
        public Builder figure(String key, double value, int decimals) {
            return figure(key, String.format(Locale.ROOT, "%." + decimals + "f", value));
        }

        public BenchmarkResult build() {
            return new BenchmarkResult(benchmark, figures);
        }
    }
}
