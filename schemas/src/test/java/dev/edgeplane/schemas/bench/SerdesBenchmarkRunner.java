package dev.edgeplane.schemas.bench;

import java.util.Collection;
import java.util.Locale;

import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs {@link SerdesBenchmark} with short settings (one fork, 5 warm-up and 5 measured iterations
 * of 1 s per benchmark, about 25 s in all) and prints one summary line:
 * {@code bench=serdes wire_ns_per_op=... plain_ns_per_op=... ratio=... fastest_iteration_ratio=...
 * target_ratio=1.20 within_target=...}. The ratio is the mean wire format time over the mean plain
 * Avro time; the target is at most 1.2. The fork runs
 * with this JVM's class path, so start it with the test class path of the schemas module.
 */
public final class SerdesBenchmarkRunner {

    /** Highest acceptable cost of the wire format serdes relative to plain Avro. */
    public static final double TARGET_RATIO = 1.2;

    private SerdesBenchmarkRunner() {
    }

    public static void main(String[] args) throws RunnerException {
        Options options = new OptionsBuilder()
                .include(SerdesBenchmark.class.getName() + "\\.")
                .forks(1)
                .warmupIterations(5)
                .warmupTime(TimeValue.seconds(1))
                .measurementIterations(5)
                .measurementTime(TimeValue.seconds(1))
                .build();
        Collection<RunResult> results = new Runner(options).run();

        RunResult wire = result(results, "wireFormatSerdes");
        RunResult plain = result(results, "plainAvro");
        double ratio = wire.getPrimaryResult().getScore() / plain.getPrimaryResult().getScore();
        double fastestRatio = fastestIteration(wire) / fastestIteration(plain);
        System.out.println(String.format(Locale.ROOT,
                "bench=serdes wire_ns_per_op=%.1f plain_ns_per_op=%.1f ratio=%.3f fastest_iteration_ratio=%.3f"
                        + " target_ratio=%.2f within_target=%b",
                wire.getPrimaryResult().getScore(), plain.getPrimaryResult().getScore(), ratio, fastestRatio,
                TARGET_RATIO, ratio <= TARGET_RATIO));
    }

    private static RunResult result(Collection<RunResult> results, String benchmark) {
        return results.stream()
                .filter(result -> result.getParams().getBenchmark().endsWith("." + benchmark))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("No result for benchmark " + benchmark));
    }

    /**
     * Returns the time of the fastest measured iteration, in ns/op. On a machine shared with other
     * work, the fastest iterations are the least disturbed, so their ratio is a second estimate.
     */
    private static double fastestIteration(RunResult result) {
        return result.getBenchmarkResults().stream()
                .flatMap(benchmark -> benchmark.getIterationResults().stream())
                .mapToDouble(iteration -> iteration.getPrimaryResult().getScore())
                .min()
                .orElseThrow();
    }
}
