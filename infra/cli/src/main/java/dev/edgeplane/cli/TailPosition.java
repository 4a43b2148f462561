package dev.edgeplane.cli;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.edgeplane.schemas.catalog.TopicCatalog;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;

/** The partitions that {@code edgeplane tail} reads, where it starts, and where the topic ended at the start. */
final class TailPosition {

    private final List<TopicPartition> partitions;
    private final Map<TopicPartition, Long> endOffsets;

    private TailPosition(List<TopicPartition> partitions, Map<TopicPartition, Long> endOffsets) {
        this.partitions = partitions;
        this.endOffsets = endOffsets;
    }

    /**
     * Assigns the topic's partitions (or only {@code partition}) to {@code consumer} and seeks to
     * {@code offset}, to the beginning, or to the end. Blocks for the cluster's metadata.
     *
     * @throws TopicNotFoundException if the topic or the partition does not exist
     */
    static TailPosition assign(KafkaConsumer<?, ?> consumer, String topic, Integer partition, Long offset,
            boolean fromBeginning, long timeoutMs) {
        List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofMillis(timeoutMs));
        if (infos == null || infos.isEmpty()) {
            throw new TopicNotFoundException("Topic " + topic + " not found. Edgeplane topics: "
                    + String.join(", ", TopicCatalog.names()) + ". Create them with './edgeplane topics'.");
        }
        List<TopicPartition> partitions = infos.stream()
                .map(info -> new TopicPartition(topic, info.partition()))
                .filter(tp -> partition == null || tp.partition() == partition)
                .sorted(java.util.Comparator.comparingInt(TopicPartition::partition))
                .toList();
        if (partitions.isEmpty()) {
            throw new TopicNotFoundException("Partition " + partition + " not found: topic " + topic + " has partitions 0 to "
                    + (infos.size() - 1) + ".");
        }

        consumer.assign(partitions);
        Map<TopicPartition, Long> endOffsets = consumer.endOffsets(partitions);
        if (offset != null) {
            checkOffset(consumer, partitions.get(0), offset, endOffsets.get(partitions.get(0)));
            consumer.seek(partitions.get(0), offset);
        } else if (fromBeginning) {
            consumer.seekToBeginning(partitions);
        } else {
            consumer.seekToEnd(partitions);
        }
        return new TailPosition(partitions, endOffsets);
    }

    /**
     * Rejects an offset outside the partition's records, where the consumer would otherwise jump to
     * the end and print nothing. The end offset itself is the next record's offset, so it is allowed.
     */
    private static void checkOffset(KafkaConsumer<?, ?> consumer, TopicPartition partition, long offset, long end) {
        if (offset > end) {
            throw new TopicNotFoundException("--offset " + offset + " is past the end of partition " + partition.partition()
                    + " of " + partition.topic() + ": its end offset is " + end + ", the offset of the next record."
                    + " Give an offset from 0 to " + end + ".");
        }
        long start = consumer.beginningOffsets(List.of(partition)).get(partition);
        if (offset < start) {
            throw new TopicNotFoundException("--offset " + offset + " is before the start of partition "
                    + partition.partition() + " of " + partition.topic() + ": its earliest offset is " + start
                    + ", because older records were deleted. Give an offset from " + start + " to " + end + ".");
        }
    }

    /** Returns whether the consumer has read every partition up to the end it had when tail started. */
    boolean reachedEnd(KafkaConsumer<?, ?> consumer) {
        for (TopicPartition tp : partitions) {
            if (consumer.position(tp) < endOffsets.get(tp)) {
                return false;
            }
        }
        return true;
    }

    /** Raised when the requested topic, partition or offset does not exist. */
    static final class TopicNotFoundException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        TopicNotFoundException(String message) {
            super(message);
        }
    }
}
