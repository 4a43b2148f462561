package dev.edgeplane.ingest.simulate;

import java.util.Objects;

/**
 * A place in the city where nodes stand: an intersection, a lamp post, a wall box, an aggregation
 * cabinet or the cloud data centre. Immutable.
 *
 * @param id        the location id that nodes carry as their location label, such as
 *                  {@code ap-07} or {@code intersection-7}; a valid Kubernetes label value
 * @param name      a readable name, such as the street and the sensor point it came from
 * @param district  the district the location lies in, such as {@code old-town} or {@code centro}
 * @param kind      what stands there, a label value: {@code intersection}, {@code lamp-post},
 *                  {@code wall-box}, {@code aggregation} or {@code cloud}
 * @param latitude  WGS84 latitude, in degrees
 * @param longitude WGS84 longitude, in degrees
 */
public record CityLocation(String id, String name, String district, String kind, double latitude, double longitude) {

  public CityLocation {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(district, "district");
    Objects.requireNonNull(kind, "kind");
    if (latitude < -90 || latitude > 90 || longitude < -180 || longitude > 180) {
      throw new IllegalArgumentException("Location " + id + " has latitude " + latitude + " and longitude "
          + longitude + ": give WGS84 degrees, latitude in [-90, 90] and longitude in [-180, 180]");
    }
  }
}
