package dev.edgeplane.cli;

import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/** Creates the raw-bytes consumer of {@code edgeplane tail} and stops it on Ctrl-C. */
final class TailConsumers {

    private TailConsumers() {
    }

    /** Creates a consumer without a group: tail assigns partitions itself and commits no offsets. */
    static KafkaConsumer<byte[], byte[]> create(String bootstrapServers, long timeoutMs) {
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.CLIENT_ID_CONFIG, "edgeplane-tail",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeoutMs,
                ConsumerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) timeoutMs);
        return new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    /** Maximum time the shutdown hook waits for the command to print its summary. */
    private static final long SUMMARY_WAIT_MS = 5_000;

    /**
     * Registers a shutdown hook that sets {@code stopping}, wakes the consumer so that a blocked poll
     * returns, and waits until {@code finished} is counted down, so that the summary is printed
     * before the JVM exits.
     */
    static Thread wakeUpOnShutdown(KafkaConsumer<?, ?> consumer, AtomicBoolean stopping, CountDownLatch finished) {
        Thread hook = new Thread(() -> {
            stopping.set(true);
            consumer.wakeup();
            try {
                finished.await(SUMMARY_WAIT_MS, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "edgeplane-tail-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        return hook;
    }
}
