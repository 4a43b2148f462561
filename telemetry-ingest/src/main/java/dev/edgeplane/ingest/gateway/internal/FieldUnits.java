package dev.edgeplane.ingest.gateway.internal;

import java.util.Map;
import java.util.Optional;

/**
 * The unit of each numeric field of the telemetry events, as their Avro docs and names state it.
 * A remote-write series is converted from its declared unit into these.
 */
final class FieldUnits {

    private static final Map<String, Unit> UNITS = Map.ofEntries(
            Map.entry("cpuUsedCores", Unit.CORES),
            Map.entry("cpuCapacityCores", Unit.CORES),
            Map.entry("memoryUsedBytes", Unit.BYTES),
            Map.entry("memoryCapacityBytes", Unit.BYTES),
            Map.entry("rtBandwidthUsedCpus", Unit.CORES),
            Map.entry("rtBandwidthLimitCpus", Unit.CORES),
            Map.entry("podCount", Unit.COUNT),
            Map.entry("probeCount", Unit.COUNT),
            Map.entry("rttMicros", Unit.MICROSECONDS),
            Map.entry("jitterMicros", Unit.MICROSECONDS),
            Map.entry("lossRatio", Unit.RATIO),
            Map.entry("intervalMs", Unit.MILLISECONDS),
            Map.entry("latencyP50Ms", Unit.MILLISECONDS),
            Map.entry("latencyP95Ms", Unit.MILLISECONDS),
            Map.entry("latencyP99Ms", Unit.MILLISECONDS),
            Map.entry("requestRate", Unit.PER_SECOND),
            Map.entry("errorRate", Unit.PER_SECOND),
            Map.entry("inFlight", Unit.COUNT));

    private FieldUnits() {
    }

    /** Returns the unit of the numeric field {@code name}, or empty when it is not a numeric field. */
    static Optional<Unit> of(String name) {
        return Optional.ofNullable(UNITS.get(name));
    }
}
