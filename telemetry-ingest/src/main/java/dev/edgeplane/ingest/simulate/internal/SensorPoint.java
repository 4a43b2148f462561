package dev.edgeplane.ingest.simulate.internal;

/**
 * One end of a monitored road segment: a Bluetooth sensor, which stands at an intersection.
 *
 * @param name      the sensor point's id in the metadata, such as {@code 4364}
 * @param street    the street it stands on
 * @param latitude  WGS84 degrees
 * @param longitude WGS84 degrees
 */
public record SensorPoint(String name, String street, double latitude, double longitude) {
}
