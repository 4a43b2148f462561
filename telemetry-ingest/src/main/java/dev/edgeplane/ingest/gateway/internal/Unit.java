package dev.edgeplane.ingest.gateway.internal;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The units a remote-write mapping may give for a series, each with its dimension and its size in
 * the dimension's base unit (seconds, bytes, cores, ratio, count, per second).
 */
public enum Unit {
    NANOSECONDS("ns", Dimension.TIME, 1e-9),
    MICROSECONDS("us", Dimension.TIME, 1e-6),
    MILLISECONDS("ms", Dimension.TIME, 1e-3),
    SECONDS("s", Dimension.TIME, 1),
    BYTES("bytes", Dimension.BYTES, 1),
    KILOBYTES("kB", Dimension.BYTES, 1e3),
    MEGABYTES("MB", Dimension.BYTES, 1e6),
    GIGABYTES("GB", Dimension.BYTES, 1e9),
    KIBIBYTES("KiB", Dimension.BYTES, 1024),
    MEBIBYTES("MiB", Dimension.BYTES, 1024 * 1024),
    GIBIBYTES("GiB", Dimension.BYTES, 1024 * 1024 * 1024),
    CORES("cores", Dimension.CPU, 1),
    MILLICORES("millicores", Dimension.CPU, 1e-3),
    RATIO("ratio", Dimension.RATIO, 1),
    PERCENT("percent", Dimension.RATIO, 0.01),
    COUNT("count", Dimension.COUNT, 1),
    PER_SECOND("per-second", Dimension.RATE, 1),
    PER_MINUTE("per-minute", Dimension.RATE, 1.0 / 60);

    /** Quantity a unit measures. Only units of one dimension convert into each other. */
    public enum Dimension {
        TIME, BYTES, CPU, RATIO, COUNT, RATE
    }

    private final String symbol;
    private final Dimension dimension;
    private final double baseFactor;

    Unit(String symbol, Dimension dimension, double baseFactor) {
        this.symbol = symbol;
        this.dimension = dimension;
        this.baseFactor = baseFactor;
    }

    public String symbol() {
        return symbol;
    }

    public Dimension dimension() {
        return dimension;
    }

    /** Returns the factor that converts a value in this unit into {@code target}; both must share a dimension. */
    public double factorTo(Unit target) {
        return baseFactor / target.baseFactor;
    }

    /** Returns the unit written {@code symbol}, such as {@code ms}, or empty. */
    public static Optional<Unit> fromSymbol(String symbol) {
        return Arrays.stream(values()).filter(unit -> unit.symbol.equals(symbol)).findFirst();
    }

    /** Returns every symbol, for error messages. */
    public static String symbols() {
        return Arrays.stream(values()).map(Unit::symbol).collect(Collectors.joining(", "));
    }
}
