package dev.edgeplane.scheduler.schedule.internal;

import java.util.Objects;

/**
 * The declared estimate of a round-trip time when the link-latency view has no fresh measurement:
 * one value between nodes of the same location and another between locations.
 */
public record LatencyFallback(double sameLocationMicros, double otherLocationMicros) {

  double estimate(String locationA, String locationB) {
    return locationA != null && Objects.equals(locationA, locationB) ? sameLocationMicros : otherLocationMicros;
  }
}
