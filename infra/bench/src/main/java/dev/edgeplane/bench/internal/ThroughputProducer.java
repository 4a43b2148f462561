package dev.edgeplane.bench.internal;

import java.io.PrintWriter;
import java.util.Properties;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import dev.edgeplane.bench.BenchmarkException;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Sends a fixed number of equal-size records as fast as the producer accepts them and times the run
 * from the first send to the last acknowledgement.
 *
 * <p>The value is one random byte array reused for every record. Kafka's {@code ProducerPerformance}
 * (4.4) refills its array with random letters before each send; with compression off the content
 * does not change the broker's work, so this harness leaves that per-record cost out.
 */
public final class ThroughputProducer {

    private final Properties config;

    /**
     * Creates a producer harness.
     *
     * @param bootstrapServers broker address
     * @param batchBytes       {@code batch.size}, in bytes
     * @param lingerMs         {@code linger.ms}
     */
    public ThroughputProducer(String bootstrapServers, int batchBytes, int lingerMs) {
        config = new Properties();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ProducerConfig.CLIENT_ID_CONFIG, "edgeplane-bench-producer");
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.BATCH_SIZE_CONFIG, batchBytes);
        config.put(ProducerConfig.LINGER_MS_CONFIG, lingerMs);
        config.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "none");
    }

    /**
     * Produces {@code records} values of {@code recordBytes} bytes to {@code topic} and returns the
     * elapsed time in nanoseconds. Blocks until every record is acknowledged.
     *
     * @param progress receives progress lines, or {@code null} for none
     * @throws BenchmarkException if a send failed
     */
    public long produce(String topic, long records, int recordBytes, PrintWriter progress) {
        byte[] value = new byte[recordBytes];
        new SplittableRandom(recordBytes).nextBytes(value);
        AtomicLong acknowledged = new AtomicLong();
        AtomicReference<Exception> firstError = new AtomicReference<>();
        Callback callback = (metadata, error) -> {
            if (error != null) {
                firstError.compareAndSet(null, error);
            } else {
                acknowledged.incrementAndGet();
            }
        };

        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer())) {
            ProgressReporter reporter = new ProgressReporter(progress, "produced", records);
            long startNanos = System.nanoTime();
            for (long i = 0; i < records; i++) {
                producer.send(new ProducerRecord<>(topic, value), callback);
                if ((i & 1023) == 0) {
                    failOnError(topic, firstError.get(), acknowledged.get());
                    reporter.maybeReport(acknowledged.get());
                }
            }
            producer.flush();
            long elapsedNanos = System.nanoTime() - startNanos;

            failOnError(topic, firstError.get(), acknowledged.get());
            if (acknowledged.get() != records) {
                throw new BenchmarkException("Only " + acknowledged.get() + " of " + records + " records sent to topic " + topic
                        + " were acknowledged after flush().");
            }
            return elapsedNanos;
        }
    }

    private static void failOnError(String topic, Exception error, long acknowledged) {
        if (error != null) {
            throw new BenchmarkException("Producing to topic " + topic + " failed after " + acknowledged
                    + " acknowledged records: " + error.getMessage(), error);
        }
    }
}
