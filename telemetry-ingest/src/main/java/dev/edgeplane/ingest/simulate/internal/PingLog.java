package dev.edgeplane.ingest.simulate.internal;

import dev.edgeplane.ingest.simulate.LinkSample;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Linux {@code ping} (iputils) log read into one round-trip time per probe, indexed by
 * {@code icmp_seq}. A sequence number without a reply line is a lost probe. Lines that are not
 * replies (the header, the summary, a line cut off at the end of a truncated file) are skipped and
 * counted. Replies that arrive out of order after a stall are put back in sequence order.
 * Immutable after construction.
 */
public final class PingLog {

  private static final Pattern REPLY = Pattern.compile("icmp_seq=(\\d+) .*time=([0-9.]+) ms");

  private final Path file;
  private final double[] rttMillis;
  private final int skippedLines;

  private PingLog(Path file, double[] rttMillis, int skippedLines) {
    this.file = file;
    this.rttMillis = rttMillis;
    this.skippedLines = skippedLines;
  }

  /**
   * Reads a ping log. Blocks on file I/O.
   *
   * @throws IllegalArgumentException if the file is missing, unreadable or has no reply line
   */
  public static PingLog read(Path file) {
    TreeMap<Integer, Double> replies = new TreeMap<>();
    int skipped = 0;
    try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String line;
      while ((line = reader.readLine()) != null) {
        Matcher matcher = REPLY.matcher(line);
        if (matcher.find()) {
          replies.putIfAbsent(Integer.parseInt(matcher.group(1)), Double.parseDouble(matcher.group(2)));
        } else {
          skipped++;
        }
      }
    } catch (IOException e) {
      throw new IllegalArgumentException("Cannot read ping log " + file + ": " + e.getMessage()
          + "; check the traces folder and the replay.ping.*.files settings", e);
    }
    if (replies.isEmpty()) {
      throw new IllegalArgumentException("Ping log " + file + " has no reply line ('icmp_seq=N ... time=T ms'): "
          + "give the raw output of Linux ping");
    }
    int first = replies.firstKey();
    double[] rtt = new double[replies.lastKey() - first + 1];
    Arrays.fill(rtt, Double.NaN);
    replies.forEach((seq, millis) -> rtt[seq - first] = millis);
    return new PingLog(file, rtt, skipped);
  }

  /** Returns the probes from the first to the last sequence number seen, lost ones included. */
  public int length() {
    return rttMillis.length;
  }

  /** Returns the lines that were not replies. */
  public int skippedLines() {
    return skippedLines;
  }

  public Path file() {
    return file;
  }

  /** Returns the round-trip time of probe {@code index} (wrapping around the log) in ms, or NaN when it was lost. */
  public double rttMillis(long index) {
    return rttMillis[(int) Math.floorMod(index, (long) rttMillis.length)];
  }

  /**
   * Summarises {@code count} consecutive probes from {@code firstIndex} as one burst: the mean of the
   * answered round trips, the mean absolute difference between consecutive answered ones, and the
   * share lost.
   */
  public LinkSample burst(long firstIndex, int count) {
    double sum = 0;
    double jitterSum = 0;
    int answered = 0;
    double previous = Double.NaN;
    for (int k = 0; k < count; k++) {
      double rtt = rttMillis(firstIndex + k);
      if (Double.isNaN(rtt)) {
        continue;
      }
      if (answered > 0) {
        jitterSum += Math.abs(rtt - previous);
      }
      sum += rtt;
      previous = rtt;
      answered++;
    }
    double loss = (count - answered) / (double) count;
    if (answered == 0) {
      return LinkSample.allLost(count);
    }
    Double jitter = answered < 2 ? null : jitterSum / (answered - 1) * 1_000;
    return new LinkSample(count, sum / answered * 1_000, jitter, loss);
  }
}
