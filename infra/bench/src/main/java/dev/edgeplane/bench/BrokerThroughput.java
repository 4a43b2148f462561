package dev.edgeplane.bench;

/**
 * Raw producer and consumer throughput of one broker, measured by {@link BrokerBenchmark}.
 * Megabytes are 2^20 bytes of record value, as in Kafka's own performance tools.
 *
 * @param records       records produced and consumed in the measured run
 * @param recordBytes   value size of each record, in bytes
 * @param produceNanos  time from the first send to the last acknowledgement
 * @param consumeNanos  time from the first poll to the last record
 */
public record BrokerThroughput(long records, int recordBytes, long produceNanos, long consumeNanos) {

    private static final double BYTES_PER_MB = 1024 * 1024;

    /** Returns records produced per second. */
    public double produceRecordsPerSec() {
        return records / seconds(produceNanos);
    }

    /** Returns megabytes of value produced per second. */
    public double produceMbPerSec() {
        return records * (double) recordBytes / BYTES_PER_MB / seconds(produceNanos);
    }

    /** Returns records consumed per second. */
    public double consumeRecordsPerSec() {
        return records / seconds(consumeNanos);
    }

    /** Returns megabytes of value consumed per second. */
    public double consumeMbPerSec() {
        return records * (double) recordBytes / BYTES_PER_MB / seconds(consumeNanos);
    }

    private static double seconds(long nanos) {
        return nanos / 1e9;
    }
}
