package dev.edgeplane.ingest.simulate.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the sensor points of the Aarhus {@code trafficMetaData.csv}: each segment row names two
 * points, and a point shared by several segments is one intersection, so points are kept once per
 * {@code POINT_x_NAME}.
 *
 * <p>The file is plain comma-separated text without quoting, and only seven columns are needed, so
 * a split on commas is enough; a quote character is rejected rather than misread, which keeps a
 * CSV library out of the module.
 */
public final class TrafficMetadataReader {

  /** Path of the metadata file inside the traces folder. */
  public static final Path RELATIVE_PATH = Path.of("aarhus-traffic", "trafficMetaData.csv");

  private final String fix;

  /** {@code fix} is appended to every error and explains how to point the reader at the right folder. */
  public TrafficMetadataReader(String fix) {
    this.fix = fix;
  }

  /** Reads every distinct sensor point, ordered by name. Blocks on file I/O. */
  public List<SensorPoint> read(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException("Traffic metadata file " + file + " does not exist or is not a file: " + fix);
    }
    Map<String, SensorPoint> points = new LinkedHashMap<>();
    try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String header = reader.readLine();
      if (header == null) {
        throw new IllegalArgumentException("Traffic metadata file " + file + " is empty: " + fix);
      }
      Columns columns = new Columns(file, header.split(",", -1));
      String line;
      int lineNumber = 1;
      while ((line = reader.readLine()) != null) {
        lineNumber++;
        if (line.isBlank()) {
          continue;
        }
        for (String point : List.of("1", "2")) {
          SensorPoint parsed = columns.point(line, lineNumber, point);
          points.putIfAbsent(parsed.name(), parsed);
        }
      }
    } catch (IOException e) {
      throw new IllegalArgumentException("Cannot read traffic metadata file " + file + ": " + e.getMessage() + "; " + fix, e);
    }
    if (points.isEmpty()) {
      throw new IllegalArgumentException("Traffic metadata file " + file + " has no segment rows: " + fix);
    }
    List<SensorPoint> sorted = new ArrayList<>(points.values());
    sorted.sort(Comparator.comparing(SensorPoint::name, TrafficMetadataReader::compareNames));
    return sorted;
  }

  /** Orders numeric names by value, so that point 99 comes before point 100. */
  private static int compareNames(String a, String b) {
    boolean numeric = a.chars().allMatch(Character::isDigit) && b.chars().allMatch(Character::isDigit);
    if (numeric && !a.isEmpty() && !b.isEmpty()) {
      int byLength = Integer.compare(a.length(), b.length());
      return byLength != 0 ? byLength : a.compareTo(b);
    }
    return a.compareTo(b);
  }

  private final class Columns {
    private final Path file;
    private final List<String> names;

    Columns(Path file, String[] header) {
      this.file = file;
      this.names = Arrays.stream(header).map(String::trim).toList();
      for (String point : List.of("1", "2")) {
        for (String field : List.of("NAME", "STREET", "LAT", "LNG")) {
          index("POINT_" + point + "_" + field);
        }
      }
    }

    SensorPoint point(String line, int lineNumber, String point) {
      if (line.indexOf('"') >= 0) {
        throw new IllegalArgumentException("Line " + lineNumber + " of " + file
            + " has a quoted field, which this reader does not parse: " + fix);
      }
      String[] fields = line.split(",", -1);
      if (fields.length != names.size()) {
        throw new IllegalArgumentException("Line " + lineNumber + " of " + file + " has " + fields.length
            + " fields where the header has " + names.size() + ": " + fix);
      }
      String name = fields[index("POINT_" + point + "_NAME")].trim();
      if (name.isEmpty()) {
        throw new IllegalArgumentException("Line " + lineNumber + " of " + file + " has an empty POINT_" + point
            + "_NAME: " + fix);
      }
      return new SensorPoint(name, fields[index("POINT_" + point + "_STREET")].trim(),
          number(fields, lineNumber, "POINT_" + point + "_LAT"), number(fields, lineNumber, "POINT_" + point + "_LNG"));
    }

    private double number(String[] fields, int lineNumber, String column) {
      String value = fields[index(column)].trim();
      try {
        return Double.parseDouble(value);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("Line " + lineNumber + " of " + file + " has " + column + " '" + value
            + "', which is not a number: " + fix, e);
      }
    }

    private int index(String column) {
      int index = names.indexOf(column);
      if (index < 0) {
        throw new IllegalArgumentException("Traffic metadata file " + file + " has no column " + column
            + " (header: " + String.join(",", names) + "): " + fix);
      }
      return index;
    }
  }
}
