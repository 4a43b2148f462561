package dev.edgeplane.ingest.simulate.scenario;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Objects;

/**
 * One fault of a scenario: what happens, to which node, link or replica, from when and for how long.
 * Times are milliseconds of simulated time since the start of the run. Immutable; the constructor
 * checks that the fields the kind needs are present and in range.
 *
 * @param kind           what the fault does
 * @param atMs           when it starts, in ms since the start of the run
 * @param durationMs     how long it lasts, in ms; 0 means until the end of the run
 * @param node           the node, for node faults and for a latency rise on every probe of a node
 * @param source         the probing end of the link, for link faults
 * @param target         the probed end of the link, for link faults; a link fault hits both directions
 * @param pod            the replica as {@code namespace/pod}, for replica faults
 * @param addedLatencyMs round-trip time added by a latency rise, in ms
 * @param cpuShare       CPU in use during a saturation, as a share of capacity from 0 to 1
 * @param clockOffsetMs  how far the clock runs ahead, in ms
 * @param downMs         how long a flapping link stays down each time, in ms
 * @param upMs           how long a flapping link stays up each time, in ms
 * @param slowdownFactor how many times slower a slow replica responds
 * @param errorRatio     share of requests a failing replica fails, from 0 to 1
 * @param failLatencyMs  response time of a replica that fails fast, in ms
 */
public record Fault(FaultKind kind, long atMs, long durationMs, String node, String source, String target, String pod,
    double addedLatencyMs, double cpuShare, long clockOffsetMs, long downMs, long upMs, double slowdownFactor,
    double errorRatio, double failLatencyMs) {

  public Fault {
    Objects.requireNonNull(kind, "kind");
    String what = "Fault " + kind.fileName() + " at " + atMs + " ms";
    require(atMs >= 0, what + " has atMs " + atMs + ": give 0 or more");
    require(durationMs >= 0, what + " has durationMs " + durationMs + ": give 0 (until the end) or more");
    switch (kind) {
      case LATENCY_RISE -> {
        require(node != null ^ (source != null && target != null), what
            + " needs either node, or source and target of a link, and not both");
        require(addedLatencyMs > 0, what + " has addedLatencyMs " + addedLatencyMs + ": give more than 0");
      }
      case CPU_SATURATION -> {
        requireNode(node, what);
        require(cpuShare > 0 && cpuShare <= 1, what + " has cpuShare " + cpuShare + ": give a share in (0, 1]");
      }
      case SILENT_NODE -> requireNode(node, what);
      case CLOCK_AHEAD -> {
        requireNode(node, what);
        require(clockOffsetMs > 0, what + " has clockOffsetMs " + clockOffsetMs + ": give more than 0");
      }
      case FLAPPING_LINK -> {
        require(source != null && target != null, what + " needs source and target, the two ends of the link");
        require(downMs > 0 && upMs > 0, what + " has downMs " + downMs + " and upMs " + upMs
            + ": give more than 0 for each");
      }
      case REPLICA_SLOW -> {
        requirePod(pod, what);
        require(slowdownFactor > 1, what + " has slowdownFactor " + slowdownFactor + ": give more than 1");
      }
      case REPLICA_FAILING_FAST -> {
        requirePod(pod, what);
        require(errorRatio > 0 && errorRatio <= 1, what + " has errorRatio " + errorRatio + ": give a ratio in (0, 1]");
        require(failLatencyMs > 0, what + " has failLatencyMs " + failLatencyMs + ": give more than 0");
      }
      default -> throw new IllegalStateException("Unhandled fault kind " + kind);
    }
  }

  /** Reads a fault from a scenario file, filling the defaults of fields the kind leaves out. */
  @JsonCreator
  static Fault fromFile(@JsonProperty(value = "kind", required = true) FaultKind kind,
      @JsonProperty(value = "atMs", required = true) long atMs,
      @JsonProperty("durationMs") Long durationMs, @JsonProperty("node") String node,
      @JsonProperty("source") String source, @JsonProperty("target") String target, @JsonProperty("pod") String pod,
      @JsonProperty("addedLatencyMs") Double addedLatencyMs, @JsonProperty("cpuShare") Double cpuShare,
      @JsonProperty("clockOffsetMs") Long clockOffsetMs, @JsonProperty("downMs") Long downMs,
      @JsonProperty("upMs") Long upMs, @JsonProperty("slowdownFactor") Double slowdownFactor,
      @JsonProperty("errorRatio") Double errorRatio, @JsonProperty("failLatencyMs") Double failLatencyMs) {
    return new Fault(kind, atMs, durationMs == null ? 0 : durationMs, node, source, target, pod,
        addedLatencyMs == null ? 0 : addedLatencyMs, cpuShare == null ? 1.0 : cpuShare,
        clockOffsetMs == null ? 0 : clockOffsetMs, downMs == null ? 0 : downMs, upMs == null ? 0 : upMs,
        slowdownFactor == null ? 5.0 : slowdownFactor, errorRatio == null ? 0.9 : errorRatio,
        failLatencyMs == null ? 2.0 : failLatencyMs);
  }

  /** Returns whether the fault is in force at {@code elapsedMs} since the start of the run. */
  public boolean activeAt(long elapsedMs) {
    if (elapsedMs < atMs || (durationMs > 0 && elapsedMs >= atMs + durationMs)) {
      return false;
    }
    if (kind == FaultKind.FLAPPING_LINK) {
      return (elapsedMs - atMs) % (downMs + upMs) < downMs;
    }
    return true;
  }

  /** Returns whether this fault concerns the link between {@code a} and {@code b}, in either direction. */
  public boolean onLink(String a, String b) {
    return source != null && target != null
        && ((source.equals(a) && target.equals(b)) || (source.equals(b) && target.equals(a)));
  }

  private static void requireNode(String node, String what) {
    require(node != null && !node.isBlank(), what + " needs node, the name of the node it hits");
  }

  private static void requirePod(String pod, String what) {
    require(pod != null && pod.indexOf('/') > 0, what + " has pod " + pod
        + ": give the replica as namespace/pod, such as city/traffic-monitor-edge-ap-07-1");
  }

  private static void require(boolean condition, String message) {
    if (!condition) {
      throw new IllegalArgumentException(message);
    }
  }
}
