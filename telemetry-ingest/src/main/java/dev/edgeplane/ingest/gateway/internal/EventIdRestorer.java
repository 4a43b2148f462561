package dev.edgeplane.ingest.gateway.internal;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rebuilds the recent event ids at start from the {@value EventPublisher#EVENT_ID_HEADER} and
 * {@value EventPublisher#SOURCE_HEADER} headers of the telemetry records of the dedup window, so that a gateway restarted within the window still
 * answers resends as duplicates. Reads each partition from the first record whose timestamp (the
 * receive time) lies in the window up to the end offset seen at start; values are not deserialized.
 */
public final class EventIdRestorer {

    private static final Logger log = LoggerFactory.getLogger(EventIdRestorer.class);

    private EventIdRestorer() {
    }

    /**
     * Reads the ids into {@code ids}. Blocks until done.
     *
     * @param consumer a byte-array consumer without group; the caller closes it
     * @return the number of ids read
     * @throws IllegalStateException if a topic is missing or the reading took longer than {@code timeoutMs}
     */
    public static int restore(Consumer<byte[], byte[]> consumer, List<String> topics, RecentEventIds ids, long nowMs,
            long windowMs, long timeoutMs) {
        long deadline = System.currentTimeMillis() + timeoutMs;
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : topics) {
            List<PartitionInfo> infos = Optional.ofNullable(consumer.partitionsFor(topic, Duration.ofMillis(timeoutMs)))
                    .orElse(List.of());
            if (infos.isEmpty()) {
                throw new IllegalStateException("Topic " + topic + " does not exist; create the Edgeplane topics first"
                        + " with edgeplane topics --bootstrap-server HOST:PORT");
            }
            infos.forEach(info -> partitions.add(new TopicPartition(topic, info.partition())));
        }
        consumer.assign(partitions);

        Map<TopicPartition, Long> since = new HashMap<>();
        partitions.forEach(partition -> since.put(partition, nowMs - windowMs));
        Map<TopicPartition, OffsetAndTimestamp> starts = consumer.offsetsForTimes(since, Duration.ofMillis(timeoutMs));
        Map<TopicPartition, Long> ends = new HashMap<>(consumer.endOffsets(partitions, Duration.ofMillis(timeoutMs)));
        for (TopicPartition partition : partitions) {
            OffsetAndTimestamp start = starts.get(partition);
            if (start == null) {
                ends.remove(partition);
            } else {
                consumer.seek(partition, start.offset());
            }
        }
        consumer.pause(partitions.stream().filter(p -> !ends.containsKey(p)).toList());

        List<Map.Entry<String, Long>> found = new ArrayList<>();
        while (!ends.isEmpty()) {
            if (System.currentTimeMillis() > deadline) {
                throw new IllegalStateException("Reading the event ids of the last " + windowMs + " ms back from "
                        + topics + " took longer than " + timeoutMs + " ms; raise ingest.dedup.restore.timeout.ms or"
                        + " lower ingest.dedup.window.ms");
            }
            for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                String id = headerText(record, EventPublisher.EVENT_ID_HEADER);
                String source = headerText(record, EventPublisher.SOURCE_HEADER);
                // The simulator and the agent's Kafka sink write no source header: their events never
                // pass through the gateway, so no resend to it can repeat them.
                if (id != null && source != null) {
                    found.add(Map.entry(RecentEventIds.key(source, id), record.timestamp()));
                }
            }
            ends.entrySet().removeIf(end -> consumer.position(end.getKey()) >= end.getValue());
        }
        // Oldest first, so that the window expires them in order.
        found.sort(Comparator.comparingLong(Map.Entry::getValue));
        found.forEach(entry -> ids.restore(entry.getKey(), entry.getValue()));
        log.info("Restored {} event ids produced in the last {} ms from {}", found.size(), windowMs, topics);
        return found.size();
    }

    private static String headerText(ConsumerRecord<byte[], byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
