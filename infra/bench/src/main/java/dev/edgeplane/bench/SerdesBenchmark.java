package dev.edgeplane.bench;

import java.io.PrintWriter;
import java.util.Collection;

import dev.edgeplane.bench.internal.SerdesJmhState;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * {@code edgeplane bench serdes}: cost of the Confluent wire-format serdes relative to plain Avro
 * binary for one NodeMetrics record, both measured by JMH in the same run. The target is a ratio of
 * at most {@value #TARGET_RATIO}. Record count and size settings do not apply.
 *
 * <p>Besides the ratio of the means, the result gives the ratio of the fastest iterations: on a
 * machine shared with other work, the fastest iterations are the least disturbed.
 */
public final class SerdesBenchmark implements Benchmark {

    /** Highest acceptable cost of the wire-format serdes relative to plain Avro. */
    public static final double TARGET_RATIO = 1.2;

    private final int forks;
    private final int iterations;

    /** Creates the benchmark with the settings of the recorded runs: one fork, 5 warm-up and 5 measured iterations of 1 s. */
    public SerdesBenchmark() {
        this(1, 5);
    }

    /**
     * Creates the benchmark with other JMH settings.
     *
     * @param forks JMH forks; 0 runs in this JVM, which only tests use
     * @param iterations warm-up and measured iterations of 1 s each
     */
    public SerdesBenchmark(int forks, int iterations) {
        this.forks = forks;
        this.iterations = iterations;
    }

    @Override
    public String name() {
        return "serdes";
    }

    @Override
    public String description() {
        return "serialize plus deserialize of a NodeMetrics record with the wire-format serdes, as a ratio to plain Avro";
    }

    @Override
    public BenchmarkResult run(BenchmarkSettings settings, PrintWriter progress) {
        progress.printf("JMH: %d fork(s), %d warm-up and %d measured iterations of 1 s for each of 2 benchmarks%n",
                forks, iterations, iterations);
        progress.flush();
        Options options = new OptionsBuilder()
                .include(SerdesJmhState.class.getName() + "\\.")
                .forks(forks)
                .warmupIterations(iterations)
                .warmupTime(TimeValue.seconds(1))
                .measurementIterations(iterations)
                .measurementTime(TimeValue.seconds(1))
                .verbosity(VerboseMode.NORMAL)
                .build();
        Collection<RunResult> results;
        try {
            results = new Runner(options).run();
        } catch (RunnerException e) {
            throw new BenchmarkException("JMH could not run the serdes benchmark: " + e.getMessage(), e);
        }

        double wire = mean(results, "wireFormatSerdes");
        double plain = mean(results, "plainAvro");
        double ratio = wire / plain;
        double fastestRatio = fastest(results, "wireFormatSerdes") / fastest(results, "plainAvro");
        return BenchmarkResult.builder(name())
                .figure("wire.ns.per.op", wire, 1)
                .figure("plain.ns.per.op", plain, 1)
                .figure("ratio", ratio, 3)
                .figure("fastest.iteration.ratio", fastestRatio, 3)
                .figure("target.ratio", TARGET_RATIO, 2)
                .figure("within.target", Boolean.toString(ratio <= TARGET_RATIO))
                .build();
    }

    private static RunResult result(Collection<RunResult> results, String method) {
        return results.stream()
                .filter(result -> result.getParams().getBenchmark().endsWith("." + method))
                .findFirst()
                .orElseThrow(() -> new BenchmarkException("JMH returned no result for " + method));
    }

    private static double mean(Collection<RunResult> results, String method) {
        return result(results, method).getPrimaryResult().getScore();
    }

    private static double fastest(Collection<RunResult> results, String method) {
        return result(results, method).getBenchmarkResults().stream()
                .flatMap(benchmark -> benchmark.getIterationResults().stream())
                .mapToDouble(iteration -> iteration.getPrimaryResult().getScore())
                .min()
                .orElseThrow();
    }
}
