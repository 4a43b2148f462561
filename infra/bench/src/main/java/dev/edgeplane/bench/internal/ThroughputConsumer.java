package dev.edgeplane.bench.internal;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import dev.edgeplane.bench.BenchmarkException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads a topic from the beginning until a fixed number of records arrived and times the run from
 * the first poll to the last record. The consumer is assigned every partition, so no group
 * rebalance is part of the time.
 */
public final class ThroughputConsumer {

    /** Time without any record after which the run fails, because the records cannot all be there. */
    private static final long STALL_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(15);

    private final Properties config;

    /** Creates a consumer harness for the broker at {@code bootstrapServers}, with Kafka's default fetch settings. */
    public ThroughputConsumer(String bootstrapServers) {
        config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, "edgeplane-bench-consumer");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    }

    /** Count and bytes read, and the elapsed time in nanoseconds. */
    public record Consumed(long records, long valueBytes, long elapsedNanos) {
    }

    /**
     * Reads {@code records} records from all {@code partitions} of {@code topic}. Blocks until they
     * have arrived.
     *
     * @param progress receives progress lines, or {@code null} for none
     * @throws BenchmarkException if no record arrives for 15 seconds before the count is reached
     */
    public Consumed consume(String topic, int partitions, long records, PrintWriter progress) {
        List<TopicPartition> assignment = IntStream.range(0, partitions).mapToObj(p -> new TopicPartition(topic, p)).toList();

        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.assign(assignment);
            consumer.seekToBeginning(assignment);
            ProgressReporter reporter = new ProgressReporter(progress, "consumed", records);
            long count = 0;
            long valueBytes = 0;
            long startNanos = System.nanoTime();
            long lastRecordNanos = startNanos;

            while (count < records) {
                ConsumerRecords<byte[], byte[]> batch = consumer.poll(Duration.ofMillis(100));
                long now = System.nanoTime();
                if (batch.isEmpty()) {
                    if (now - lastRecordNanos > STALL_TIMEOUT_NANOS) {
                        throw new BenchmarkException("Consuming topic " + topic + " stalled: " + count + " of " + records
                                + " records arrived, then none for " + TimeUnit.NANOSECONDS.toSeconds(STALL_TIMEOUT_NANOS) + " s.");
                    }
                    continue;
                }
                lastRecordNanos = now;
                for (ConsumerRecord<byte[], byte[]> record : batch) {
                    count++;
                    valueBytes += record.value().length;
                }
                reporter.maybeReport(count);
            }
            return new Consumed(count, valueBytes, System.nanoTime() - startNanos);
        }
    }
}
