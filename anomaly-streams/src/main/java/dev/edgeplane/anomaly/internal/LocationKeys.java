package dev.edgeplane.anomaly.internal;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import dev.edgeplane.anomaly.internal.state.VerdictOrMarker;

import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.processor.StreamPartitioner;

/**
 * Keys of the form {@code location/rest} for placement advice, partitioned by the location alone, so
 * that every node and pod of one location meets in one task. A location is a Kubernetes label value,
 * which holds no slash, so the first slash ends it. An unknown location is the empty string.
 *
 * <p>The placements repartition topic also carries the FogService replica index, under keys
 * {@code @replica/namespace/fogService/podUid} that go to every partition. A label value cannot
 * hold {@code @}, so no location key starts with it.
 */
public final class LocationKeys {

    /** Prefix of the FogService replica index keys. */
    public static final String REPLICA_PREFIX = "@replica/";

    private LocationKeys() {
    }

    /** Returns the replica index key of pod {@code podUid} of FogService {@code namespace/fogService}. */
    public static String replicaKey(String namespace, String fogService, String podUid) {
        return replicaPrefix(namespace, fogService) + podUid;
    }

    /** Returns the prefix shared by the replica index keys of FogService {@code namespace/fogService}. */
    public static String replicaPrefix(String namespace, String fogService) {
        return REPLICA_PREFIX + namespace + "/" + fogService + "/";
    }

    /** Returns whether {@code key} is a replica index key rather than a location key. */
    public static boolean isReplicaKey(String key) {
        return key.startsWith(REPLICA_PREFIX);
    }

    /** Returns {@code location/rest}, with an empty location for null. */
    public static String key(String location, String rest) {
        return (location == null ? "" : location) + "/" + rest;
    }

    /** Returns the location part of a key. */
    public static String location(String key) {
        int slash = key.indexOf('/');
        return slash < 0 ? key : key.substring(0, slash);
    }

    /** Returns the part after the location. */
    public static String rest(String key) {
        int slash = key.indexOf('/');
        return slash < 0 ? "" : key.substring(slash + 1);
    }

    /** Returns the prefix shared by every key of a location. */
    public static String prefix(String location) {
        return (location == null ? "" : location) + "/";
    }

    /**
     * Returns the partitioner of the placements repartition topic: a placement goes to the partition
     * of its location, and a replica index record to every partition, so that each placement advice
     * task can look up where the pods of every FogService run.
     */
    public static <V> StreamPartitioner<String, V> placementPartitioner() {
        return (topic, key, value, partitions) -> {
            if (isReplicaKey(key)) {
                return Optional.of(IntStream.range(0, partitions).boxed().collect(Collectors.toSet()));
            }
            return Optional.of(Set.of(partitionOf(key, partitions)));
        };
    }

    /**
     * Returns the partitioner of the node verdicts repartition topic: a verdict goes to the partition
     * of its location, and a progress marker to every partition, so that each placement advice task
     * learns how far every node-health task has got.
     */
    public static StreamPartitioner<String, VerdictOrMarker> verdictPartitioner() {
        return (topic, key, value, partitions) -> {
            if (value != null && value.getMarker() != null) {
                return Optional.of(IntStream.range(0, partitions).boxed().collect(Collectors.toSet()));
            }
            return Optional.of(Set.of(partitionOf(key, partitions)));
        };
    }

    private static int partitionOf(String key, int partitions) {
        byte[] bytes = location(key).getBytes(StandardCharsets.UTF_8);
        return Utils.toPositive(Utils.murmur2(bytes)) % partitions;
    }
}
