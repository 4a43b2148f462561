package dev.edgeplane.bench.internal;

import java.nio.charset.StandardCharsets;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import dev.edgeplane.bench.BenchmarkException;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Sends records shaped like the ingest gateway's: a node key, one value and an event-id header,
 * with acks=all and idempotence, and times each run from the first send to the last
 * acknowledgement. One producer serves every run, so that runs after the first measure no
 * connection set-up and its I/O thread lives until {@link #close}. Not thread-safe.
 */
public final class KeyedProducer implements AutoCloseable {

    /** Client id; the producer's I/O thread name ends with it. */
    public static final String CLIENT_ID = "edgeplane-bench-keyed-producer";

    private final KafkaProducer<byte[], byte[]> producer;
    private final byte[][] keys = new byte[1000][];

    /**
     * @param batchBytes {@code batch.size}, in bytes
     * @param lingerMs   {@code linger.ms}
     */
    public KeyedProducer(String bootstrapServers, int batchBytes, int lingerMs) {
        Properties config = new Properties();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ProducerConfig.CLIENT_ID_CONFIG, CLIENT_ID);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.BATCH_SIZE_CONFIG, batchBytes);
        config.put(ProducerConfig.LINGER_MS_CONFIG, lingerMs);
        producer = new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer());
        for (int i = 0; i < keys.length; i++) {
            keys[i] = ("edge-" + i).getBytes(StandardCharsets.UTF_8);
        }
    }

    /**
     * Produces {@code records} copies of {@code value} with keys {@code edge-0} to {@code edge-999}
     * and event ids {@code idPrefix:0} onwards, and returns the elapsed nanoseconds. Blocks until
     * every record is acknowledged.
     *
     * @throws BenchmarkException if a send failed
     */
    public long produce(String topic, long records, byte[] value, String idPrefix) {
        AtomicLong acknowledged = new AtomicLong();
        AtomicReference<Exception> firstError = new AtomicReference<>();
        Callback callback = (metadata, error) -> {
            if (error != null) {
                firstError.compareAndSet(null, error);
            } else {
                acknowledged.incrementAndGet();
            }
        };
        long start = System.nanoTime();
        for (long i = 0; i < records; i++) {
            RecordHeaders headers = new RecordHeaders();
            headers.add("edgeplane.event-id", (idPrefix + ":" + i).getBytes(StandardCharsets.UTF_8));
            producer.send(new ProducerRecord<>(topic, null, System.currentTimeMillis(), keys[(int) (i % keys.length)],
                    value, headers), callback);
        }
        producer.flush();
        long elapsed = System.nanoTime() - start;
        if (firstError.get() != null || acknowledged.get() != records) {
            throw new BenchmarkException("Only " + acknowledged.get() + " of " + records + " records to " + topic
                    + " were acknowledged" + (firstError.get() == null ? "" : ": " + firstError.get().getMessage()),
                    firstError.get());
        }
        return elapsed;
    }

    @Override
    public void close() {
        producer.close();
    }
}
