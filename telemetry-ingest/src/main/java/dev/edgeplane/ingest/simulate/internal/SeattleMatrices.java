package dev.edgeplane.ingest.simulate.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * The Seattle all-pairs round-trip-time series: frames {@code SeattleData_1.gz} onwards, each a
 * square matrix of tab-separated seconds, entry (i, j) the round trip from host i to host j. A zero
 * off the diagonal is a missing measurement, so {@link #rttSeconds} carries the last measured
 * value forward, as the series are step-like anyway. Immutable after construction.
 */
public final class SeattleMatrices {

  /** Frames the published data set has. */
  public static final int FRAMES = 688;

  private final int hosts;
  private final float[][] frames;

  private SeattleMatrices(int hosts, float[][] frames) {
    this.hosts = hosts;
    this.frames = frames;
  }

  /**
   * Reads every frame file of {@code folder}, {@code SeattleData_1.gz} to {@code SeattleData_<frames>.gz}.
   * Blocks on file I/O, about a second for the whole set.
   *
   * @throws IllegalArgumentException naming the file and line when a frame is missing or malformed
   */
  public static SeattleMatrices read(Path folder, int frameCount) {
    float[][] frames = new float[frameCount][];
    int hosts = -1;
    for (int f = 0; f < frameCount; f++) {
      Path file = folder.resolve("SeattleData_" + (f + 1) + ".gz");
      float[] matrix = readFrame(file, hosts);
      if (hosts < 0) {
        hosts = (int) Math.round(Math.sqrt(matrix.length));
      }
      frames[f] = matrix;
    }
    return new SeattleMatrices(hosts, frames);
  }

  private static float[] readFrame(Path file, int expectedHosts) {
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException("Seattle frame " + file + " does not exist: point the traces folder at the"
          + " folder that holds seattle-latency/, or lower replay.seattle.frames");
    }
    float[] matrix = null;
    int hosts = expectedHosts;
    try (BufferedReader reader = new BufferedReader(new InputStreamReader(new GZIPInputStream(Files.newInputStream(file)),
        StandardCharsets.US_ASCII))) {
      String line;
      int row = 0;
      while ((line = reader.readLine()) != null) {
        if (line.isBlank()) {
          continue;
        }
        String[] fields = line.trim().split("\\s+");
        if (hosts < 0) {
          hosts = fields.length;
        }
        if (matrix == null) {
          matrix = new float[hosts * hosts];
        }
        if (fields.length != hosts || row >= hosts) {
          throw new IllegalArgumentException("Seattle frame " + file + " line " + (row + 1) + " has " + fields.length
              + " values where a " + hosts + " x " + hosts + " matrix is expected");
        }
        for (int column = 0; column < hosts; column++) {
          matrix[row * hosts + column] = parse(fields[column], file, row, column);
        }
        row++;
      }
      if (matrix == null || row != hosts) {
        throw new IllegalArgumentException("Seattle frame " + file + " has " + row + " rows where " + hosts
            + " are expected");
      }
    } catch (IOException e) {
      throw new IllegalArgumentException("Cannot read Seattle frame " + file + ": " + e.getMessage(), e);
    }
    return matrix;
  }

  private static float parse(String value, Path file, int row, int column) {
    try {
      float seconds = Float.parseFloat(value);
      if (seconds < 0 || Float.isNaN(seconds)) {
        throw new NumberFormatException("negative");
      }
      return seconds;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("Seattle frame " + file + " line " + (row + 1) + " column " + (column + 1)
          + " has '" + value + "', which is not a round-trip time in seconds", e);
    }
  }

  public int hosts() {
    return hosts;
  }

  public int frames() {
    return frames.length;
  }

  /**
   * Returns the round trip from host {@code from} to host {@code to} (both counted from 0) in frame
   * {@code frame} (wrapping around), in seconds: the last non-zero value at or before that frame,
   * or NaN when the pair has none.
   */
  public double rttSeconds(int from, int to, long frame) {
    int index = from * hosts + to;
    int start = (int) Math.floorMod(frame, (long) frames.length);
    for (int back = 0; back < frames.length; back++) {
      float value = frames[Math.floorMod(start - back, frames.length)][index];
      if (value > 0) {
        return value;
      }
    }
    return Double.NaN;
  }
}
