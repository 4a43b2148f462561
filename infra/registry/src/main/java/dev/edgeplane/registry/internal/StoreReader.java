package dev.edgeplane.registry.internal;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The thread that tails the schemas topic from its first offset and applies every committed record
 * to {@link RegistryState}, in offset order. It owns its consumer, which it creates and closes.
 *
 * <p>Other threads wait for it with {@link #awaitPosition}: a write is visible once the reader's
 * position has passed the written offset. The consumer reads with {@code isolation.level=read_committed},
 * so records of an aborted or unfinished transaction are never applied, and its position moves past
 * transaction markers as well as records.
 */
final class StoreReader implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(StoreReader.class);
    private static final Duration POLL_TIMEOUT = Duration.ofMillis(100);
    private static final long RETRY_BACKOFF_MS = 1_000;

    private final TopicPartition partition;
    private final RegistryState state;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Thread thread;
    private final Object progress = new Object();

    private volatile boolean running = true;
    private long position;
    private boolean stopped;
    private long skippedRecords;
    private boolean closed;

    StoreReader(String topic, Map<String, Object> clientProperties, RegistryState state) {
        this.partition = new TopicPartition(topic, 0);
        this.state = state;
        Map<String, Object> props = new HashMap<>(clientProperties);
        props.put("isolation.level", "read_committed");
        props.put("enable.auto.commit", "false");
        props.put("auto.offset.reset", "earliest");
        // Writers wait for the reader to apply their record, so the reader should not sit in a
        // long fetch while the record is already on the broker.
        props.put("fetch.max.wait.ms", "50");
        props.put("key.deserializer", ByteArrayDeserializer.class.getName());
        props.put("value.deserializer", ByteArrayDeserializer.class.getName());
        props.remove("group.id");
        this.consumer = new KafkaConsumer<>(props);
        this.thread = new Thread(this::run, "edgeplane-registry-reader-" + topic);
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    /**
     * Blocks until the reader has applied every record before {@code offset}.
     *
     * @throws TimeoutException if that takes longer than {@code timeout}
     * @throws IllegalStateException if the reader was closed
     */
    void awaitPosition(long offset, Duration timeout) throws TimeoutException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (progress) {
            while (position < offset) {
                if (stopped) {
                    throw new IllegalStateException("The reader of topic '" + partition.topic() + "' is closed.");
                }
                long remaining = deadline - System.nanoTime();
                if (remaining <= 0) {
                    throw new TimeoutException("The reader of topic '" + partition.topic() + "' reached offset " + position
                            + " but not " + offset + " within " + timeout.toMillis() + " ms.");
                }
                TimeUnit.NANOSECONDS.timedWait(progress, remaining);
            }
        }
    }

    /** Returns the offset of the next record the reader will apply. */
    long position() {
        synchronized (progress) {
            return position;
        }
    }

    private void run() {
        try {
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            while (running) {
                pollOnce();
            }
        } finally {
            consumer.close(Duration.ofSeconds(5));
            synchronized (progress) {
                stopped = true;
                progress.notifyAll();
            }
        }
    }

    private void pollOnce() {
        try {
            ConsumerRecords<byte[], byte[]> records = consumer.poll(POLL_TIMEOUT);
            for (ConsumerRecord<byte[], byte[]> record : records) {
                apply(record);
            }
            long next = consumer.position(partition);
            synchronized (progress) {
                position = next;
                progress.notifyAll();
            }
        } catch (WakeupException e) {
            if (running) {
                log.debug("Reader of topic '{}' woken up while still running; polling again", partition.topic());
            }
        } catch (RuntimeException e) {
            // The consumer retries broker faults itself; what reaches here (authorization, a
            // deleted topic) may be fixed by an operator, so the reader keeps trying.
            log.warn("Reading topic '{}' at offset {} failed; retrying in {} ms", partition.topic(), position(), RETRY_BACKOFF_MS, e);
            sleepQuietly();
        }
    }

    private void apply(ConsumerRecord<byte[], byte[]> record) {
        try {
            Optional<String> conflict = state.apply(StoreCodec.decode(record.key(), record.value()), record.offset());
            conflict.ifPresent(message -> log.error("Rejected record of topic '{}' partition {} offset {}: {} Another registry "
                    + "or client wrote to the topic without the shared transactional id; this registry accepts no more writes "
                    + "until the topic is repaired.", record.topic(), record.partition(), record.offset(), message));
        } catch (StoreCodec.InvalidStoreRecordException | AvroSchemas.InvalidSchemaException e) {
            skippedRecords++;
            // Logs the 1st, 2nd, 4th, 8th... skipped record, so a topic full of foreign records
            // cannot flood the log.
            if (Long.bitCount(skippedRecords) == 1) {
                log.warn("Skipped record of topic '{}' partition {} offset {}: {} ({} records skipped so far)", record.topic(),
                        record.partition(), record.offset(), e.getMessage(), skippedRecords);
            }
        }
    }

    private void sleepQuietly() {
        try {
            Thread.sleep(RETRY_BACKOFF_MS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    /** Stops the thread and waits for it to close the consumer. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        running = false;
        if (thread.getState() == Thread.State.NEW) {
            // Never started, so no thread owns the consumer: close it here.
            consumer.close(Duration.ZERO);
            synchronized (progress) {
                stopped = true;
                progress.notifyAll();
            }
            return;
        }
        consumer.wakeup();
        try {
            thread.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            log.warn("Reader of topic '{}' did not stop within 10 s; leaving its daemon thread behind", partition.topic());
        }
    }
}
