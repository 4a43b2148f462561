package dev.edgeplane.scheduler.observe.internal;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/** Parses Kubernetes RFC 3339 timestamps. */
final class Timestamps {

  private Timestamps() {
  }

  /** Returns the parsed time, or the fallback when the value is absent or not RFC 3339. */
  static Instant parseOr(String value, Instant fallback) {
    if (value == null || value.isEmpty()) {
      return fallback;
    }
    try {
      return OffsetDateTime.parse(value).toInstant();
    } catch (DateTimeParseException e) {
      return fallback;
    }
  }
}
