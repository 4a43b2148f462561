package dev.edgeplane.ingest.simulate.internal;

/** Great-circle distances on a spherical Earth, which is within 0.5 % of the ellipsoid. */
public final class Geo {

  private static final double EARTH_RADIUS_METERS = 6_371_008.8;

  private Geo() {
  }

  /** Haversine distance between two WGS84 points, in metres. */
  public static double distanceMeters(double lat1, double lon1, double lat2, double lon2) {
    double phi1 = Math.toRadians(lat1);
    double phi2 = Math.toRadians(lat2);
    double dPhi = phi2 - phi1;
    double dLambda = Math.toRadians(lon2 - lon1);
    double a = Math.pow(Math.sin(dPhi / 2), 2) + Math.cos(phi1) * Math.cos(phi2) * Math.pow(Math.sin(dLambda / 2), 2);
    return 2 * EARTH_RADIUS_METERS * Math.asin(Math.min(1, Math.sqrt(a)));
  }

  /** Moves a point by metres north and east, for laying out a grid; fine at city scale. */
  public static double[] offset(double lat, double lon, double northMeters, double eastMeters) {
    double dLat = Math.toDegrees(northMeters / EARTH_RADIUS_METERS);
    double dLon = Math.toDegrees(eastMeters / (EARTH_RADIUS_METERS * Math.cos(Math.toRadians(lat))));
    return new double[] {lat + dLat, lon + dLon};
  }
}
