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

    /** The last published state of one service: its generation and each client node's shares by pod. */
    public record Service(long generation, Map<String, Map<String, Double>> weightsByNodeAndPod, Set<String> keys) {
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

    private static Map<ServiceKey, Service> group(Map<String, ServiceWeights> latestByKey) {
        Map<ServiceKey, Long> generations = new HashMap<>();
        Map<ServiceKey, Map<String, Map<String, Double>>> weights = new HashMap<>();
        Map<ServiceKey, Set<String>> keys = new HashMap<>();
        for (Map.Entry<String, ServiceWeights> entry : latestByKey.entrySet()) {
            ServiceWeights set = entry.getValue();
            ServiceKey service = new ServiceKey(set.getNamespace(), set.getService());
            generations.merge(service, set.getGeneration(), Math::max);
            keys.computeIfAbsent(service, s -> new HashSet<>()).add(entry.getKey());
            if (set.getClientNode() == null) {
                continue;
            }
            Map<String, Double> byPod = new LinkedHashMap<>();
            for (EndpointWeight endpoint : set.getEndpoints()) {
                byPod.put(endpoint.getPod(), endpoint.getWeight());
            }
            weights.computeIfAbsent(service, s -> new LinkedHashMap<>()).put(set.getClientNode(), byPod);
        }
        Map<ServiceKey, Service> services = new HashMap<>();
        for (Map.Entry<ServiceKey, Long> entry : generations.entrySet()) {
            ServiceKey service = entry.getKey();
            services.put(service, new Service(entry.getValue(), weights.getOrDefault(service, Map.of()),
                    keys.get(service)));
        }
        return services;
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
