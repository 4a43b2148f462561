package dev.edgeplane.demo.internal;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads topics from their beginning on a thread of its own, without a consumer group, and hands
 * each record to the handler of its topic. A handler that throws loses that record only. The
 * record is counted, at most one WARN per 10 s names its topic, partition and offset, and the
 * thread goes on. The thread owns the consumer;
 * {@link #close} may be called from any thread.
 */
public final class TopicFollower implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(TopicFollower.class);
    private static final long WARN_INTERVAL_MS = 10_000;

    /** Receives one record; runs on the follower's thread. The key is null for a record without one. */
    @FunctionalInterface
    public interface RecordHandler {
        void handle(String key, byte[] value, long timestampMs);
    }

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Map<String, RecordHandler> handlers;
    private final Thread thread;
    private volatile boolean running = true;
    private long skipped;
    private long lastWarnMs = Long.MIN_VALUE;

    private TopicFollower(String bootstrapServers, String clientId, Map<String, RecordHandler> handlers) {
        this.handlers = Map.copyOf(handlers);
        this.consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.CLIENT_ID_CONFIG, clientId,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                new ByteArrayDeserializer(), new ByteArrayDeserializer());
        this.thread = new Thread(this::run, clientId);
        thread.setDaemon(true);
    }

    /**
     * Assigns every partition of the handlers' topics and starts reading. Blocks until the
     * partitions are known.
     *
     * @throws IllegalStateException if a topic does not exist
     */
    public static TopicFollower start(String bootstrapServers, String clientId, Map<String, RecordHandler> handlers) {
        TopicFollower follower = new TopicFollower(bootstrapServers, clientId, handlers);
        try {
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : handlers.keySet()) {
                List<PartitionInfo> infos = Optional.ofNullable(follower.consumer.partitionsFor(topic)).orElse(List.of());
                if (infos.isEmpty()) {
                    throw new IllegalStateException("Topic " + topic + " does not exist on " + bootstrapServers
                            + "; create the Edgeplane topics first with edgeplane topics --bootstrap-server "
                            + bootstrapServers);
                }
                infos.forEach(info -> partitions.add(new TopicPartition(info.topic(), info.partition())));
            }
            follower.consumer.assign(partitions);
            follower.consumer.seekToBeginning(partitions);
        } catch (RuntimeException e) {
            follower.consumer.close();
            throw e;
        }
        follower.thread.start();
        return follower;
    }

    private void run() {
        try {
            while (running) {
                try {
                    for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                        dispatch(record);
                    }
                } catch (WakeupException e) {
                    // close() woke the poll; the loop condition ends the loop.
                }
            }
        } catch (RuntimeException e) {
            log.error("{} stopped reading {}: {}", thread.getName(), handlers.keySet(), e.toString(), e);
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    private void dispatch(ConsumerRecord<byte[], byte[]> record) {
        String key = record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
        try {
            handlers.get(record.topic()).handle(key, record.value(), record.timestamp());
        } catch (RuntimeException e) {
            skipped++;
            long nowMs = System.currentTimeMillis();
            if (lastWarnMs == Long.MIN_VALUE || nowMs - lastWarnMs >= WARN_INTERVAL_MS) {
                lastWarnMs = nowMs;
                log.warn("{} skipped the record at {}-{} offset {} ({} skipped so far): {}", thread.getName(),
                        record.topic(), record.partition(), record.offset(), skipped, e.toString());
            }
        }
    }

    /** Stops the thread and closes the consumer. Blocks up to about 10 s. */
    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
