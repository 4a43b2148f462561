package dev.edgeplane.ingest.simulate.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * A square street grid standing in for a real city when no traffic metadata is configured: one
 * sensor point per crossing, 400 m apart, laid out around the centre of Aarhus so that distances
 * are of the same order as in the real data.
 */
public final class SyntheticGrid {

  static final double SPACING_METERS = 400;
  private static final double CENTRE_LAT = 56.1572;
  private static final double CENTRE_LON = 10.2107;

  private SyntheticGrid() {
  }

  /** Returns {@code count} crossings, row by row, named {@code grid-ROW-COLUMN}. */
  public static List<SensorPoint> points(int count) {
    int side = (int) Math.ceil(Math.sqrt(count));
    double half = (side - 1) * SPACING_METERS / 2;
    List<SensorPoint> points = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      int row = i / side;
      int column = i % side;
      double[] position = Geo.offset(CENTRE_LAT, CENTRE_LON, half - row * SPACING_METERS, column * SPACING_METERS - half);
      points.add(new SensorPoint(String.format("grid-%03d-%03d", row, column),
          "Synthetic street " + (row + 1) + " x avenue " + (column + 1), position[0], position[1]));
    }
    return points;
  }
}
