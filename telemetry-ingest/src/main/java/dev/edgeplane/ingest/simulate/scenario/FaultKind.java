package dev.edgeplane.ingest.simulate.scenario;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Kind of scripted fault. Its name in a scenario file is the lowercase, hyphenated form. */
public enum FaultKind {
  /** Adds {@code addedLatencyMs} to every probe of a node, or of one link. */
  LATENCY_RISE,
  /** Drives a node's CPU to {@code cpuShare} of its capacity (default 1.0). */
  CPU_SATURATION,
  /** A node sends nothing and replies to no probe, as when it loses power. */
  SILENT_NODE,
  /** A node's clock runs {@code clockOffsetMs} ahead: its event times move, receive times do not. */
  CLOCK_AHEAD,
  /** A link goes down for {@code downMs} and up for {@code upMs}, over and over; probes over it are lost while down. */
  FLAPPING_LINK,
  /** A replica responds {@code slowdownFactor} times slower (default 5). */
  REPLICA_SLOW,
  /** A replica fails {@code errorRatio} of its requests (default 0.9) and responds within {@code failLatencyMs}. */
  REPLICA_FAILING_FAST;

  /** Returns the name used in scenario files, such as {@code latency-rise}. */
  @JsonValue
  public String fileName() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /**
   * Parses a name from a scenario file.
   *
   * @throws IllegalArgumentException naming the value and the known names
   */
  @JsonCreator
  public static FaultKind parse(String name) {
    return Arrays.stream(values()).filter(kind -> kind.fileName().equals(name)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("Unknown fault kind '" + name + "': use one of "
            + Arrays.stream(values()).map(FaultKind::fileName).collect(Collectors.joining(", "))));
  }
}
