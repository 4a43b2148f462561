package dev.edgeplane.bench;

import java.io.PrintWriter;
import java.util.Locale;

import dev.edgeplane.lb.bench.EvaluationReport;
import dev.edgeplane.lb.bench.EvaluationSettings;
import dev.edgeplane.lb.bench.LbEvaluation;

/**
 * {@code edgeplane bench lb}: the load-balancing evaluation of lb-updater, which replays seeded
 * request workloads against round robin, random, least request, peak EWMA and Edgeplane's planner.
 * Record count and size settings do not apply. The round-trip times of the link-latency scenario
 * come from the ping traces in {@value LbEvaluation#TRACES_ENV} when that variable is set, else
 * they are constant, as {@link LbEvaluation} does.
 *
 * <p>The readable table goes to the progress output; the figures are the evaluation's own
 * key=value line with every underscore turned into a dot, so that they fit {@link BenchmarkResult}.
 */
public final class LbBenchmark implements Benchmark {

    private final EvaluationSettings settings;

    /** Creates the benchmark with the settings of the reported run and traces from the environment. */
    public LbBenchmark() {
        this(null);
    }

    /**
     * Creates the benchmark with other evaluation settings, or null for the reported run's settings
     * with traces from the environment, resolved when the benchmark runs.
     */
    public LbBenchmark(EvaluationSettings settings) {
        this.settings = settings;
    }

    @Override
    public String name() {
        return "lb";
    }

    @Override
    public String description() {
        return "p99, success rate and traffic share of five load-balancing policies in a seeded simulation";
    }

    @Override
    public BenchmarkResult run(BenchmarkSettings ignored, PrintWriter progress) {
        EvaluationSettings resolved;
        try {
            resolved = settings != null ? settings : EvaluationSettings.defaults(LbEvaluation.tracesFromEnvironment());
        } catch (IllegalArgumentException e) {
            throw new BenchmarkException(e.getMessage() + "; set " + LbEvaluation.TRACES_ENV
                    + " to the folder that holds 5g-edge-cloud-ping, or unset it", e);
        }

        EvaluationReport report;
        try {
            report = LbEvaluation.run(resolved, progress);
        } catch (IllegalArgumentException e) {
            throw new BenchmarkException("The load-balancing evaluation failed: " + e.getMessage(), e);
        }
        progress.print(report.table());
        progress.flush();
        return figures(report.keyValueLine());
    }

    /** Turns the evaluation's line, {@code lb-eval key=value ...}, into figures of this benchmark. */
    static BenchmarkResult figures(String keyValueLine) {
        String[] tokens = keyValueLine.trim().split(" ");
        BenchmarkResult.Builder result = BenchmarkResult.builder("lb");
        for (int i = 1; i < tokens.length; i++) {
            int equals = tokens[i].indexOf('=');
            if (equals <= 0) {
                throw new BenchmarkException("The evaluation printed '" + tokens[i] + "', which is not key=value");
            }
            String key = tokens[i].substring(0, equals).replace('_', '.').toLowerCase(Locale.ROOT);
            result.figure(key, tokens[i].substring(equals + 1));
        }
        return result.build();
    }
}
