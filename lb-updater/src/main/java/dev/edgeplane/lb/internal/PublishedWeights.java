package dev.edgeplane.lb.internal;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import dev.edgeplane.event.lb.EndpointWeight;
import dev.edgeplane.event.lb.ServiceWeights;
import dev.edgeplane.lb.decide.Endpoint;
import dev.edgeplane.lb.decide.RestoredWeights;
import dev.edgeplane.lb.decide.ServiceKey;
import dev.edgeplane.schemas.catalog.TopicCatalog;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Deserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The weights an earlier run of the updater left in the compacted {@code edgeplane.lb.weights}
 * topic, read back at start so that generations continue where they stopped and the first plan
 * keeps to the change limit. Reads every partition from the beginning up to the end offsets taken
 * at the start of the read.
 */
public final class PublishedWeights {

    private static final Logger log = LoggerFactory.getLogger(PublishedWeights.class);

    /**
     * The last published state of one service.
     *
     * @param weights its generation, endpoints and each client node's shares
     * @param keys the record keys that carry them, {@code namespace/service@node}
     */
    public record Service(RestoredWeights weights, Set<String> keys) {

        public long generation() {
            return weights.generation();
        }
    }

    private final Map<ServiceKey, Service> services;
    private final long recordsRead;
    private final long recordsSkipped;

    private PublishedWeights(Map<ServiceKey, Service> services, long recordsRead, long recordsSkipped) {
        this.services = services;
        this.recordsRead = recordsRead;
        this.recordsSkipped = recordsSkipped;
    }

    /**
     * Reads the topic to its current end. Blocks until done or until {@code timeout} passes. The
     * caller owns and closes {@code consumer}, which must not be subscribed or assigned.
     *
     * @throws IllegalStateException if the topic does not exist or its end was not reached in time,
     *     since planning on would publish generations lower than those already in the topic
     */
    public static PublishedWeights read(Consumer<byte[], byte[]> consumer, Deserializer<ServiceWeights> deserializer,
            Duration timeout) {
        String topic = TopicCatalog.LB_WEIGHTS.name();
        List<PartitionInfo> infos = Optional.ofNullable(consumer.partitionsFor(topic, timeout)).orElse(List.of());
        if (infos.isEmpty()) {
            throw new IllegalStateException("Topic " + topic + " does not exist; create the Edgeplane topics first with"
                    + " edgeplane topics --bootstrap-server HOST:PORT");
        }
        List<TopicPartition> partitions = new ArrayList<>();
        infos.forEach(info -> partitions.add(new TopicPartition(topic, info.partition())));
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        Map<TopicPartition, Long> endOffsets = consumer.endOffsets(partitions, timeout);

        Map<String, ServiceWeights> latestByKey = new HashMap<>();
        long read = 0;
        long skipped = 0;
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!reachedEnd(consumer, endOffsets)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Timed out after " + timeout.toMillis() + " ms reading " + topic
                        + " back to restore the weight generations; check the brokers or raise lb.restore.timeout.ms");
            }
            for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                read++;
                if (!apply(record, deserializer, latestByKey)) {
                    skipped++;
                }
            }
        }
        consumer.unsubscribe();
        return new PublishedWeights(group(latestByKey), read, skipped);
    }

    private static boolean reachedEnd(Consumer<byte[], byte[]> consumer, Map<TopicPartition, Long> endOffsets) {
        for (Map.Entry<TopicPartition, Long> end : endOffsets.entrySet()) {
            if (consumer.position(end.getKey()) < end.getValue()) {
                return false;
            }
        }
        return true;
    }

    /** Keeps the record as its key's latest value, or removes the key on a tombstone; false if skipped. */
    private static boolean apply(ConsumerRecord<byte[], byte[]> record, Deserializer<ServiceWeights> deserializer,
            Map<String, ServiceWeights> latestByKey) {
        if (record.key() == null) {
            log.warn("Skipped a record without key in {} partition {} offset {}", record.topic(), record.partition(),
                    record.offset());
            return false;
        }
        String key = new String(record.key(), StandardCharsets.UTF_8);
        if (record.value() == null) {
            latestByKey.remove(key);
            return true;
        }
        try {
            latestByKey.put(key, deserializer.deserialize(record.topic(), record.value()));
            return true;
        } catch (RuntimeException e) {
            log.warn("Skipped an undecodable record in {} partition {} offset {}: {}", record.topic(), record.partition(),
                    record.offset(), e.getMessage());
            return false;
        }
    }

    /**
     * Groups the latest set of every key by service. The service's generation and planning time
     * are the highest among its sets. A set without client node, as version 1 writers produced,
     * only counts towards the generation and keys. A service with an endpoint address that is not
     * {@code ip:port} is skipped with a warning, since it could be neither served nor applied; its
     * next plan starts afresh.
     */
    private static Map<ServiceKey, Service> group(Map<String, ServiceWeights> latestByKey) {
        Map<ServiceKey, List<Map.Entry<String, ServiceWeights>>> byService = new HashMap<>();
        for (Map.Entry<String, ServiceWeights> entry : latestByKey.entrySet()) {
            ServiceWeights set = entry.getValue();
            byService.computeIfAbsent(new ServiceKey(set.getNamespace(), set.getService()), s -> new ArrayList<>())
                    .add(entry);
        }
        Map<ServiceKey, Service> services = new HashMap<>();
        for (Map.Entry<ServiceKey, List<Map.Entry<String, ServiceWeights>>> entry : byService.entrySet()) {
            // Sorted by key, so that endpoint and node order do not depend on hash order.
            entry.getValue().sort(Map.Entry.comparingByKey());
            try {
                services.put(entry.getKey(), service(entry.getKey(), entry.getValue()));
            } catch (IllegalArgumentException e) {
                log.warn("Skipped the published weights of {}: {}. Its next plan starts without them", entry.getKey(),
                        e.getMessage());
            }
        }
        return services;
    }

    private static Service service(ServiceKey service, List<Map.Entry<String, ServiceWeights>> sets) {
        long generation = 0;
        long plannedAtMs = 0;
        Set<String> keys = new HashSet<>();
        Map<String, EndpointWeight> firstSeen = new LinkedHashMap<>();
        Set<String> ramping = new HashSet<>();
        Map<String, Map<String, Double>> sharesByNode = new LinkedHashMap<>();
        for (Map.Entry<String, ServiceWeights> entry : sets) {
            ServiceWeights set = entry.getValue();
            generation = Math.max(generation, set.getGeneration());
            plannedAtMs = Math.max(plannedAtMs, set.getComputedTime().toEpochMilli());
            keys.add(entry.getKey());
            if (set.getClientNode() == null) {
                continue;
            }
            Map<String, Double> byPod = new LinkedHashMap<>();
            for (EndpointWeight endpoint : set.getEndpoints()) {
                firstSeen.putIfAbsent(endpoint.getPod(), endpoint);
                byPod.put(endpoint.getPod(), endpoint.getWeight());
                if (endpoint.getRampingUp()) {
                    ramping.add(endpoint.getPod());
                }
            }
            sharesByNode.put(set.getClientNode(), byPod);
        }

        List<String> pods = new ArrayList<>(firstSeen.keySet());
        boolean[] weighted = new boolean[pods.size()];
        Map<String, double[]> weightsByNode = new LinkedHashMap<>();
        sharesByNode.forEach((node, byPod) -> {
            double[] shares = new double[pods.size()];
            for (int i = 0; i < shares.length; i++) {
                shares[i] = byPod.getOrDefault(pods.get(i), 0.0);
                weighted[i] |= shares[i] > 0.0;
            }
            weightsByNode.put(node, shares);
        });
        List<Endpoint> endpoints = new ArrayList<>(pods.size());
        for (int i = 0; i < pods.size(); i++) {
            endpoints.add(endpoint(firstSeen.get(pods.get(i)), weighted[i]));
        }
        return new Service(new RestoredWeights(service, generation, plannedAtMs, endpoints, ramping, weightsByNode),
                keys);
    }

    /**
     * Returns the endpoint of a published weight. Readiness is not published, so an endpoint
     * counts as ready when some client node's set gave it weight.
     */
    private static Endpoint endpoint(EndpointWeight published, boolean ready) {
        String address = published.getEndpoint();
        int colon = address.lastIndexOf(':');
        int port = -1;
        if (colon > 0 && colon < address.length() - 1) {
            try {
                port = Integer.parseInt(address.substring(colon + 1));
            } catch (NumberFormatException e) {
                port = -1;
            }
        }
        if (port < 1) {
            throw new IllegalArgumentException("invalid endpoint address '" + address + "' of pod " + published.getPod()
                    + ", expected ip:port");
        }
        return new Endpoint(published.getPod(), published.getNode(), address.substring(0, colon), port, ready);
    }

    /** Returns the last published state of each service still in the topic. */
    public Map<ServiceKey, Service> services() {
        return services;
    }

    public long recordsRead() {
        return recordsRead;
    }

    public long recordsSkipped() {
        return recordsSkipped;
    }
}
