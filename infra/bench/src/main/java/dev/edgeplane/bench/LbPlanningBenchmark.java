package dev.edgeplane.bench;

import java.io.PrintWriter;
import java.util.Collection;

import dev.edgeplane.bench.internal.PlanningCycleJmh;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * {@code edgeplane bench lb-planning}: wall time of one weight-planning cycle, every service
 * planned once for every client node, measured by JMH. The default size is 10,000 services x 10
 * endpoints x 50 client nodes and the target is under {@value #TARGET_MS_PER_CYCLE} ms per cycle.
 * Record count and size settings do not apply.
 *
 * <p>Figures are the milliseconds per cycle of each thread count ({@code one.thread},
 * {@code two.threads}) and observation model ({@code redrawn}, {@code drifting}); see
 * {@link PlanningCycleJmh} for what those mean.
 */
public final class LbPlanningBenchmark implements Benchmark {

    /** Highest acceptable time of one planning cycle at the default size, in milliseconds. */
    public static final double TARGET_MS_PER_CYCLE = 100;

    private final int forks;
    private final int iterations;
    private final int services;
    private final int clientNodes;
    private final boolean twoThreads;

    /**
     * Creates the benchmark at the default size with one fork and 5 warm-up and 5 measured
     * iterations of 1 s, for one and two planning threads.
     */
    public LbPlanningBenchmark() {
        this(1, 5, 10_000, 50, true);
    }

    /**
     * Creates the benchmark with other JMH settings and size.
     *
     * @param forks JMH forks; 0 runs in this JVM, which only tests use
     * @param iterations warm-up and measured iterations of 1 s each
     * @param services services planned per cycle, each with 10 endpoints
     * @param clientNodes client nodes each service is planned for
     * @param twoThreads whether to also time two planners on two threads
     */
    public LbPlanningBenchmark(int forks, int iterations, int services, int clientNodes, boolean twoThreads) {
        this.forks = forks;
        this.iterations = iterations;
        this.services = services;
        this.clientNodes = clientNodes;
        this.twoThreads = twoThreads;
    }

    @Override
    public String name() {
        return "lb-planning";
    }

    @Override
    public String description() {
        return "time of one weight-planning cycle for 10,000 services x 10 endpoints x 50 client nodes";
    }

    @Override
    public BenchmarkResult run(BenchmarkSettings settings, PrintWriter progress) {
        progress.printf("JMH: %d fork(s), %d warm-up and %d measured iterations of 1 s; %,d services x 10 endpoints x %d client nodes%n",
                forks, iterations, iterations, services, clientNodes);
        progress.flush();
        String methods = twoThreads ? "(oneThread|twoThreads)" : "oneThread";
        ChainedOptionsBuilder options = new OptionsBuilder()
                .include(PlanningCycleJmh.class.getName() + "\\." + methods + "$")
                .forks(forks)
                .warmupIterations(iterations)
                .warmupTime(TimeValue.seconds(1))
                .measurementIterations(iterations)
                .measurementTime(TimeValue.seconds(1))
                .param("services", Integer.toString(services))
                .param("clientNodes", Integer.toString(clientNodes))
                .verbosity(VerboseMode.NORMAL);
        Collection<RunResult> results;
        try {
            results = new Runner(options.build()).run();
        } catch (RunnerException e) {
            throw new BenchmarkException("JMH could not run the planning benchmark: " + e.getMessage(), e);
        }

        BenchmarkResult.Builder result = BenchmarkResult.builder(name())
                .figure("services", services)
                .figure("endpoints.per.service", 10)
                .figure("client.nodes", clientNodes);
        double worst = 0;
        for (String method : twoThreads ? new String[] {"oneThread", "twoThreads"} : new String[] {"oneThread"}) {
            for (String observations : new String[] {"redrawn", "drifting"}) {
                double ms = msPerCycle(results, method, observations);
                worst = method.equals("oneThread") ? Math.max(worst, ms) : worst;
                String threads = method.equals("oneThread") ? "one.thread" : "two.threads";
                result.figure(threads + "." + observations + ".ms.per.cycle", ms, 3);
            }
        }
        return result.figure("target.ms.per.cycle", TARGET_MS_PER_CYCLE, 0)
                .figure("one.thread.within.target", Boolean.toString(worst < TARGET_MS_PER_CYCLE))
                .build();
    }

    private static double msPerCycle(Collection<RunResult> results, String method, String observations) {
        return results.stream()
                .filter(run -> run.getParams().getBenchmark().endsWith("." + method))
                .filter(run -> observations.equals(run.getParams().getParam("observations")))
                .findFirst()
                .orElseThrow(() -> new BenchmarkException("JMH returned no result for " + method + " with observations="
                        + observations))
                .getPrimaryResult()
                .getScore();
    }
}
