package dev.edgeplane.bench;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

import dev.edgeplane.bench.internal.BenchTopics;
import dev.edgeplane.bench.internal.ThroughputConsumer;
import dev.edgeplane.bench.internal.ThroughputProducer;
import dev.edgeplane.infra.kafka.EmbeddedKafkaBroker;

/**
 * Raw throughput of the in-process Kafka broker: byte-array records of a fixed size, produced with
 * acks=all and consumed from the beginning, without serdes or application code. Other benchmarks
 * quote their throughput as a ratio to this baseline, measured in the same run with
 * {@link #measure(BenchmarkSettings, PrintWriter)}.
 *
 * <p>Kafka's {@code ProducerPerformance} and {@code ConsumerPerformance} (kafka-tools) are not used:
 * they report their figures only as text on {@code System.out}, formatted in the default locale, and
 * end the JVM through {@code Exit.exit} on any error. Driving them in-process would mean capturing
 * the JVM-wide standard output and parsing it, and a failed run would stop the calling benchmark.
 * This harness times the same span (from the first send to the last acknowledgement, in MB of 2^20
 * bytes) and returns the figures as values.
 *
 * <p>Settings: one topic of {@value #PARTITIONS} partitions and one replica, producer acks=all with
 * idempotence (the Kafka default), {@code batch.size} {@value #BATCH_BYTES} bytes,
 * {@code linger.ms} {@value #LINGER_MS}, no compression; one consumer with Kafka's default fetch
 * settings. A warm-up of a tenth of the records (at least {@value #MIN_WARMUP_RECORDS}, at most
 * {@value #MAX_WARMUP_RECORDS}) runs first on a separate topic, so JIT compilation and connection
 * set-up stay out of the figures.
 */
public final class BrokerBenchmark implements Benchmark {

    /** Name of this benchmark on the command line. */
    public static final String NAME = "broker";

    /** Partitions of the benchmark topic. */
    public static final int PARTITIONS = 6;

    /** Producer {@code batch.size}, in bytes. */
    public static final int BATCH_BYTES = 64 * 1024;

    /** Producer {@code linger.ms}. */
    public static final int LINGER_MS = 5;

    static final long MIN_WARMUP_RECORDS = 1_000;
    static final long MAX_WARMUP_RECORDS = 100_000;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "Raw produce and consume throughput of the in-process Kafka broker (acks=all, byte-array records).";
    }

    @Override
    public BenchmarkResult run(BenchmarkSettings settings, PrintWriter progress) {
        return toResult(measure(settings, progress));
    }

    /**
     * Starts an in-process broker, measures its throughput and stops it again. Blocks for the whole
     * run, typically tens of seconds for the default settings.
     *
     * @param progress receives readable progress lines; the caller owns and closes it
     * @throws BenchmarkException if the broker failed or not every record arrived
     */
    public static BrokerThroughput measure(BenchmarkSettings settings, PrintWriter progress) {
        progress.println("Starting an in-process Kafka broker");
        progress.flush();
        EmbeddedKafkaBroker.Builder builder = EmbeddedKafkaBroker.builder();
        try (EmbeddedKafkaBroker broker = builder.build()) {
            requireDiskSpace(broker.dataDir(), settings);
            broker.start();
            progress.println("Broker ready at " + broker.bootstrapServers());
            return measure(broker.bootstrapServers(), settings, progress);
        }
    }

    /**
     * Checks that the broker's data folder has room for every record of the run, with a margin for
     * record and index overhead, so that a large --records value fails at once instead of filling
     * the disk.
     */
    private static void requireDiskSpace(java.nio.file.Path dataDir, BenchmarkSettings settings) {
        long records = settings.records() + Math.min(MAX_WARMUP_RECORDS, Math.max(MIN_WARMUP_RECORDS, settings.records() / 10));
        double needed = records * (double) (settings.recordBytes() + 100) * 1.5;
        long usable;
        try {
            usable = java.nio.file.Files.getFileStore(dataDir).getUsableSpace();
        } catch (java.io.IOException e) {
            throw new BenchmarkException("Cannot read the free space of " + dataDir + ": " + e.getMessage(), e);
        }
        if (needed > usable) {
            throw new BenchmarkException(String.format(java.util.Locale.ROOT, "The run needs about %.1f GiB in %s but only "
                    + "%.1f GiB is free; lower --records or --record-size.", needed / (1L << 30), dataDir.getParent(),
                    usable / (double) (1L << 30)));
        }
    }

    /**
     * Measures the throughput of the running broker at {@code bootstrapServers}. Creates the topics of
     * the run under fresh names and deletes them at the end. Blocks for the whole run.
     *
     * @param progress receives readable progress lines; the caller owns and closes it
     * @throws BenchmarkException if a topic could not be created or not every record arrived
     */
    public static BrokerThroughput measure(String bootstrapServers, BenchmarkSettings settings, PrintWriter progress) {
        ThroughputProducer producer = new ThroughputProducer(bootstrapServers, BATCH_BYTES, LINGER_MS);
        ThroughputConsumer consumer = new ThroughputConsumer(bootstrapServers);

        try (BenchTopics topics = new BenchTopics(bootstrapServers)) {
            // Both topics are created before the warm-up, because a new partition rejects writes with
            // NOT_LEADER_OR_FOLLOWER for a moment, and the producer's retries must not fall into the measured run.
            String warmupTopic = topics.create("broker-warmup", PARTITIONS);
            String topic = topics.create("broker", PARTITIONS);

            long warmupRecords = Math.max(MIN_WARMUP_RECORDS, Math.min(MAX_WARMUP_RECORDS, settings.records() / 10));
            progress.printf(Locale.ROOT, "Warming up with %,d records%n", warmupRecords);
            progress.flush();
            producer.produce(warmupTopic, warmupRecords, settings.recordBytes(), null);
            consumer.consume(warmupTopic, PARTITIONS, warmupRecords, null);

            progress.printf(Locale.ROOT, "Producing %,d records of %d bytes to %s (%d partitions, acks=all, batch.size=%d, linger.ms=%d)%n",
                    settings.records(), settings.recordBytes(), topic, PARTITIONS, BATCH_BYTES, LINGER_MS);
            progress.flush();
            long produceNanos = producer.produce(topic, settings.records(), settings.recordBytes(), progress);
            report(progress, "Produced", settings, produceNanos);

            progress.printf(Locale.ROOT, "Consuming %,d records from %s%n", settings.records(), topic);
            progress.flush();
            ThroughputConsumer.Consumed consumed = consumer.consume(topic, PARTITIONS, settings.records(), progress);
            checkConsumed(settings, consumed);
            report(progress, "Consumed", settings, consumed.elapsedNanos());

            return new BrokerThroughput(settings.records(), settings.recordBytes(), produceNanos, consumed.elapsedNanos());
        }
    }

    /** Returns the figures of {@code throughput} as the final line of {@code edgeplane bench broker}. */
    public static BenchmarkResult toResult(BrokerThroughput throughput) {
        return BenchmarkResult.builder(NAME)
                .figure("records", throughput.records())
                .figure("record.bytes", throughput.recordBytes())
                .figure("partitions", PARTITIONS)
                .figure("acks", "all")
                .figure("batch.bytes", BATCH_BYTES)
                .figure("linger.ms", LINGER_MS)
                .figure("produce.records.per.sec", throughput.produceRecordsPerSec(), 0)
                .figure("produce.mb.per.sec", throughput.produceMbPerSec(), 2)
                .figure("produce.ms", TimeUnit.NANOSECONDS.toMillis(throughput.produceNanos()))
                .figure("consume.records.per.sec", throughput.consumeRecordsPerSec(), 0)
                .figure("consume.mb.per.sec", throughput.consumeMbPerSec(), 2)
                .figure("consume.ms", TimeUnit.NANOSECONDS.toMillis(throughput.consumeNanos()))
                .build();
    }

    private static void checkConsumed(BenchmarkSettings settings, ThroughputConsumer.Consumed consumed) {
        long expectedBytes = settings.records() * settings.recordBytes();
        if (consumed.records() != settings.records() || consumed.valueBytes() != expectedBytes) {
            throw new BenchmarkException("Consumed " + consumed.records() + " records with " + consumed.valueBytes()
                    + " value bytes, expected " + settings.records() + " records with " + expectedBytes + " bytes.");
        }
    }

    private static void report(PrintWriter progress, String verb, BenchmarkSettings settings, long nanos) {
        double seconds = nanos / 1e9;
        progress.printf(Locale.ROOT, "%s %,d records in %,d ms: %,.0f records/s, %.2f MB/s%n", verb, settings.records(),
                TimeUnit.NANOSECONDS.toMillis(nanos), settings.records() / seconds,
                settings.records() * (double) settings.recordBytes() / (1024 * 1024) / seconds);
        progress.flush();
    }
}
