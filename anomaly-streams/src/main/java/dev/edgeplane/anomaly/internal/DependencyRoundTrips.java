package dev.edgeplane.anomaly.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;

import dev.edgeplane.anomaly.internal.state.NodeVerdict;
import dev.edgeplane.event.cluster.FogServiceDependency;
import dev.edgeplane.event.cluster.FogServiceInventory;
import dev.edgeplane.event.cluster.PodPlacement;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.TimestampedKeyValueStore;
import org.apache.kafka.streams.state.ValueAndTimestamp;

/**
 * Finds where the dependencies of a FogService run and how far a node is from them in one location
 * window. The dependencies come from the FogService's spec in the global FogService table, and the
 * nodes of each dependency from the replica index that {@link PlacementRouter} sends to every
 * placement advice task.
 *
 * <p>The round-trip time between two nodes is read from the verdicts of the window: the mean of the
 * probes that the other node sent to a node ({@link NodeVerdict#getRttMicrosByVantagePoint()}). The
 * verdict of a node at another location is resolved by another task, so a dependency node at
 * another location counts only when it probes the node. When both directions were measured, their
 * mean is taken. A node is 0 µs away from itself. The time to a dependency is the time to its
 * nearest measured node, as one replica of it is enough. Used on the stream thread of one placement
 * advice task.
 */
final class DependencyRoundTrips {

    private static final StringSerializer KEYS = new StringSerializer();

    /** Dependencies of one FogService; {@code specKnown} is false when the FogService table has no record of it. */
    record Dependencies(String namespace, String fogService, boolean specKnown, List<Dependency> list) {

        String key() {
            return namespace + "/" + fogService;
        }
    }

    /** One dependency, its round-trip time bound and the nodes its live pods run on, in name order. */
    record Dependency(String fogService, long maxRoundTripMicros, SortedSet<String> nodes) {
    }

    /** Round-trip time from a node to the nearest measured node of a dependency. */
    record Nearest(String node, double rttMicros) {
    }

    private final TimestampedKeyValueStore<String, FogServiceInventory> specs;
    private final KeyValueStore<String, PodPlacement> replicas;

    DependencyRoundTrips(TimestampedKeyValueStore<String, FogServiceInventory> specs,
            KeyValueStore<String, PodPlacement> replicas) {
        this.specs = specs;
        this.replicas = replicas;
    }

    /** Reads the dependencies of FogService {@code namespace/fogService} and the nodes each runs on. */
    Dependencies of(String namespace, String fogService) {
        ValueAndTimestamp<FogServiceInventory> entry = specs.get(namespace + "/" + fogService);
        if (entry == null || entry.value() == null) {
            return new Dependencies(namespace, fogService, false, List.of());
        }
        List<Dependency> list = new ArrayList<>();
        for (FogServiceDependency dependency : entry.value().getDependencies()) {
            list.add(new Dependency(dependency.getFogService(), dependency.getMaxRoundTripMicros(),
                    nodesOf(namespace, dependency.getFogService())));
        }
        return new Dependencies(namespace, fogService, true, List.copyOf(list));
    }

    private SortedSet<String> nodesOf(String namespace, String fogService) {
        SortedSet<String> nodes = new TreeSet<>();
        try (KeyValueIterator<String, PodPlacement> all = replicas.prefixScan(
                LocationKeys.replicaPrefix(namespace, fogService), KEYS)) {
            all.forEachRemaining(entry -> nodes.add(entry.value.getNode()));
        }
        return nodes;
    }

    /** Returns the nearest measured node of {@code dependency} from {@code node}, or null when none was measured. */
    static Nearest nearest(String node, Dependency dependency, Map<String, NodeVerdict> atWindow) {
        Nearest nearest = null;
        for (String other : dependency.nodes()) {
            Double rtt = between(node, other, atWindow);
            if (rtt != null && (nearest == null || rtt < nearest.rttMicros())) {
                nearest = new Nearest(other, rtt);
            }
        }
        return nearest;
    }

    /** Returns the round-trip time between two nodes in the window, in microseconds, or null when unmeasured. */
    static Double between(String node, String other, Map<String, NodeVerdict> atWindow) {
        if (node.equals(other)) {
            return 0.0;
        }
        NodeVerdict verdict = atWindow.get(node);
        NodeVerdict otherVerdict = atWindow.get(other);
        Double toNode = verdict == null ? null : verdict.getRttMicrosByVantagePoint().get(other);
        Double toOther = otherVerdict == null ? null : otherVerdict.getRttMicrosByVantagePoint().get(node);
        if (toNode != null && toOther != null) {
            return (toNode + toOther) / 2.0;
        }
        return toNode != null ? toNode : toOther;
    }
}
