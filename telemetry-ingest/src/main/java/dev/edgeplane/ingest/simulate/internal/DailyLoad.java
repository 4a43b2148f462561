package dev.edgeplane.ingest.simulate.internal;

/**
 * City activity over a day, a share from about 0.12 at night to about 0.8 at the evening peak: a
 * night floor plus Gaussian bumps at the morning commute (08:30), midday (13:00) and the evening
 * commute and leisure hours (18:30). The shape follows the two-peak curve of urban mobile traffic;
 * the heights are a model, not fitted to a measurement. Hours are UTC, which is Aveiro's winter time.
 */
public final class DailyLoad {

  private static final long DAY_MS = 86_400_000L;

  private DailyLoad() {
  }

  /** Returns the activity share at {@code epochMs}. */
  public static double at(long epochMs) {
    double hour = Math.floorMod(epochMs, DAY_MS) / 3_600_000.0;
    return 0.12 + bump(hour, 8.5, 1.5, 0.45) + bump(hour, 13.0, 2.0, 0.2) + bump(hour, 18.5, 2.5, 0.6);
  }

  private static double bump(double hour, double centre, double width, double height) {
    double distance = Math.abs(hour - centre);
    distance = Math.min(distance, 24 - distance);
    return height * Math.exp(-0.5 * (distance / width) * (distance / width));
  }
}
