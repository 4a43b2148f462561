package dev.edgeplane.lb.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.edgeplane.schemas.io.IoErrors;

/**
 * A round-trip-time series read from the output of Linux {@code ping}: one value per probe, in
 * probe order. Lines that are not replies (headers, summaries, a cut-off last line) are skipped;
 * replies are ordered by {@code icmp_seq}, because after a stall they can arrive out of order.
 * Immutable.
 */
public final class PingTrace {

    private static final Pattern REPLY = Pattern.compile("icmp_seq=(\\d+)\\b.*\\btime=([0-9.]+) ms");

    private final String name;
    private final double[] rttMs;

    private PingTrace(String name, double[] rttMs) {
        this.name = name;
        this.rttMs = rttMs;
    }

    /**
     * Reads a ping log.
     *
     * @throws UncheckedIOException if the file cannot be read
     * @throws IllegalArgumentException if it contains fewer than 10 replies
     */
    public static PingTrace read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read ping trace " + file + ": " + IoErrors.describe(e), e);
        }
        TreeMap<Integer, Double> bySequence = new TreeMap<>();
        for (String line : lines) {
            Matcher reply = REPLY.matcher(line);
            if (reply.find()) {
                bySequence.putIfAbsent(Integer.parseInt(reply.group(1)), Double.parseDouble(reply.group(2)));
            }
        }
        if (bySequence.size() < 10) {
            throw new IllegalArgumentException("Invalid ping trace " + file + ": it has " + bySequence.size()
                    + " replies; expected the output of ping with lines like 'icmp_seq=1 ttl=64 time=24.3 ms'");
        }
        double[] values = new double[bySequence.size()];
        int i = 0;
        for (double value : new ArrayList<>(bySequence.values())) {
            values[i++] = value;
        }
        return new PingTrace(file.getFileName().toString(), values);
    }

    public String name() {
        return name;
    }

    public int size() {
        return rttMs.length;
    }

    /** Returns the value of probe {@code index}, wrapping around at the end of the trace. */
    public double rttMs(long index) {
        return rttMs[(int) Math.floorMod(index, (long) rttMs.length)];
    }
}
