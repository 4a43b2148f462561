package dev.edgeplane.cli;

import java.io.PrintWriter;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

import dev.edgeplane.bench.Benchmark;
import dev.edgeplane.bench.BenchmarkException;
import dev.edgeplane.bench.BenchmarkResult;
import dev.edgeplane.bench.BenchmarkSettings;
import dev.edgeplane.bench.Benchmarks;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code edgeplane bench NAME}: runs one of the {@link Benchmarks}, prints readable progress and
 * then, as the last line, the figures as {@code key=value} pairs.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Runs a throughput benchmark and prints its figures as one line of key=value pairs, the last line of the output.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:The benchmark ran and printed its figures.",
            "1:The benchmark failed; the message says why.",
            "2:An argument is invalid."})
public final class BenchCommand implements Callable<Integer> {

    /** Exit code when the benchmark failed. */
    public static final int EXIT_FAILED = 1;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "NAME", completionCandidates = BenchmarkNames.class,
            description = "Benchmark to run: ${COMPLETION-CANDIDATES}.")
    String name;

    @Option(names = "--records", paramLabel = "COUNT", defaultValue = "" + BenchmarkSettings.DEFAULT_RECORDS,
            description = "Records to produce and consume in the measured run (default: ${DEFAULT-VALUE}).")
    long records;

    @Option(names = "--record-size", paramLabel = "BYTES", defaultValue = "" + BenchmarkSettings.DEFAULT_RECORD_BYTES,
            description = "Size of each record value, in bytes (default: ${DEFAULT-VALUE}).")
    int recordBytes;

    @Option(names = "--count", paramLabel = "NAME=N",
            description = "A count the benchmark reads, such as fogservices=100 for the controller benchmark; repeatable. "
                    + "The controller benchmark reads fogservices (default 1000), pods (10000), nodes (5000) and workers (2).")
    Map<String, Long> counts = new LinkedHashMap<>();

    @Override
    public Integer call() {
        Benchmark benchmark;
        BenchmarkSettings settings;
        try {
            benchmark = Benchmarks.byName(name);
            settings = new BenchmarkSettings(records, recordBytes, counts);
            for (String count : counts.keySet()) {
                if (!benchmark.countDefaults().containsKey(count)) {
                    throw new IllegalArgumentException("Benchmark " + name + " reads no count '" + count + "'. Its counts: "
                            + (benchmark.countDefaults().isEmpty() ? "none" : String.join(", ", benchmark.countDefaults().keySet())) + ".");
                }
            }
            benchmark.validate(settings);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }

        PrintWriter out = spec.commandLine().getOut();
        try {
            BenchmarkResult result = benchmark.run(settings, out);
            out.println(result.line());
            out.flush();
            return 0;
        } catch (BenchmarkException e) {
            out.flush();
            PrintWriter err = spec.commandLine().getErr();
            err.println("Benchmark " + name + " failed: " + e.getMessage());
            err.flush();
            return EXIT_FAILED;
        }
    }

    /** Names of the registered benchmarks, for the help text and shell completion. */
    static final class BenchmarkNames implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return Benchmarks.names().iterator();
        }
    }
}
