package dev.edgeplane.bench;

import java.io.PrintWriter;
import java.util.Map;

/**
 * A throughput benchmark that {@code edgeplane bench NAME} runs. Register a new one in
 * {@link Benchmarks}.
 */
public interface Benchmark {

    /** Returns the name the command line selects the benchmark by, e.g. {@code broker}. */
    String name();

    /** Returns one sentence on what the benchmark measures, for the command's help. */
    String description();

    /**
     * Returns the named counts the benchmark reads from {@link BenchmarkSettings#counts()}, with
     * their defaults; empty when it reads none.
     */
    default Map<String, Long> countDefaults() {
        return Map.of();
    }

    /**
     * Checks the settings before a run.
     *
     * @throws IllegalArgumentException naming the value and the fix when the benchmark cannot run with them
     */
    default void validate(BenchmarkSettings settings) {
    }

    /**
     * Runs the benchmark and returns its figures. Blocks until the run ends; everything the run
     * starts is stopped before this returns.
     *
     * @param settings record count and size
     * @param progress receives readable progress lines; the caller owns and closes it
     * @throws BenchmarkException if the run failed and produced no valid figures
     */
    BenchmarkResult run(BenchmarkSettings settings, PrintWriter progress);
}
