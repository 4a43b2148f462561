package dev.edgeplane.bench;

import java.util.List;

/**
 * The benchmarks that {@code edgeplane bench NAME} can run. A new benchmark implements
 * {@link Benchmark} and is added to the list here.
 */
public final class Benchmarks {

    private static final List<Benchmark> ALL = List.of(new BrokerBenchmark(), new SerdesBenchmark(), new ControllerBenchmark(),
            new SchedulerBenchmark(), new LbBenchmark(), new LbPlanningBenchmark(), new LbLoopBenchmark(), new AgentBenchmark(), new SimulateBenchmark(),
            new IngestBenchmark(), new AnomalyBenchmark());

    private Benchmarks() {
    }

    /** Returns every benchmark, in the order the help lists them. */
    public static List<Benchmark> all() {
        return ALL;
    }

    /** Returns the name of every benchmark. */
    public static List<String> names() {
        return ALL.stream().map(Benchmark::name).toList();
    }

    /**
     * Returns the benchmark called {@code name}.
     *
     * @throws IllegalArgumentException if there is none; the message lists the known names
     */
    public static Benchmark byName(String name) {
        return ALL.stream()
                .filter(b -> b.name().equals(name))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("Unknown benchmark '" + name + "'. Known benchmarks: "
                        + String.join(", ", names()) + "."));
    }
}
