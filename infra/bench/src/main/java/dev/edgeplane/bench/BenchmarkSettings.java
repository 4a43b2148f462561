package dev.edgeplane.bench;

import java.util.Map;

/**
 * Record count, record size and named counts of a benchmark run.
 *
 * @param records     records to produce and consume in the measured run
 * @param recordBytes size of each record value, in bytes
 * @param counts      benchmark-specific counts by name, such as {@code fogservices}; a benchmark
 *                    lists the names it reads in {@link Benchmark#countDefaults()}
 */
public record BenchmarkSettings(long records, int recordBytes, Map<String, Long> counts) {

    /** Default record count, enough that each measured phase lasts seconds rather than milliseconds. */
    public static final long DEFAULT_RECORDS = 1_000_000;

    /**
     * Default value size, in bytes.
     * NOTE: an estimate of one encoded telemetry event; replace it with the measured Avro size once
     * a serdes benchmark reports one.
     */
    public static final int DEFAULT_RECORD_BYTES = 512;

    /**
     * Largest value size, in bytes. It leaves room for the record and batch headers under the
     * producer's default {@code max.request.size} of 1 MiB.
     */
    public static final int MAX_RECORD_BYTES = 1_000_000;

    /** Settings without named counts. */
    public BenchmarkSettings(long records, int recordBytes) {
        this(records, recordBytes, Map.of());
    }

    /** Validates the settings. */
    public BenchmarkSettings {
        counts = Map.copyOf(counts);
        counts.forEach((name, value) -> {
            if (value < 1) {
                throw new IllegalArgumentException("Invalid count " + name + "=" + value + ": it must be at least 1.");
            }
        });
        if (records < 1) {
            throw new IllegalArgumentException("Invalid record count " + records + ": it must be at least 1.");
        }
        if (recordBytes < 1 || recordBytes > MAX_RECORD_BYTES) {
            throw new IllegalArgumentException("Invalid record size " + recordBytes + " bytes: use 1 to " + MAX_RECORD_BYTES + " bytes.");
        }
    }

    /** Returns the count called {@code name}, or {@code defaultValue} when the run did not set it. */
    public long count(String name, long defaultValue) {
        return counts.getOrDefault(name, defaultValue);
    }

    /** Returns the default settings: {@value #DEFAULT_RECORDS} records of {@value #DEFAULT_RECORD_BYTES} bytes. */
    public static BenchmarkSettings defaults() {
        return new BenchmarkSettings(DEFAULT_RECORDS, DEFAULT_RECORD_BYTES);
    }
}
