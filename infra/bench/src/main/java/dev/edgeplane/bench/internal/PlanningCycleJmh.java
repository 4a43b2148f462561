package dev.edgeplane.bench.internal;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import dev.edgeplane.lb.decide.Endpoint;
import dev.edgeplane.lb.decide.EndpointInput;
import dev.edgeplane.lb.decide.LinkLatencyTable;
import dev.edgeplane.lb.decide.ParallelWeightPlanner;
import dev.edgeplane.lb.decide.ReplicaObservation;
import dev.edgeplane.lb.decide.ServiceInput;
import dev.edgeplane.lb.decide.ServiceKey;
import dev.edgeplane.lb.decide.ServicePlan;
import dev.edgeplane.lb.decide.WeightPlannerConfig;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Time of one planning cycle: every service planned once for every client node, 10,000 services
 * x 10 endpoints x 50 client nodes by default. Each cycle gets fresh observations one second
 * newer and a fresh link table, built outside the measured time, as the Kafka wiring would hand
 * them over, so every plan folds in new observations instead of replaying old ones.
 *
 * <p>{@code observations=redrawn} draws every median latency (uniform 5 to 35 ms) and every link
 * round-trip time (1 to 41 ms) anew each cycle, so targets jump and the change limit binds in
 * most plans: the worst case. {@code observations=drifting} moves each of them by up to 5% per
 * cycle, as in a steady cluster, so most plans stay inside the change limit.
 *
 * <p>The wall time JMH reports includes garbage collection and any time the machine gives other
 * processes. Each iteration therefore also prints the calling thread's own CPU time per cycle,
 * which stays comparable on a busy machine, and the whole JVM's CPU time per cycle (planning
 * threads, garbage collection and compilation).
 *
 * <p>Both benchmarks plan through {@link ParallelWeightPlanner}, as the lb-updater service does:
 * {@code oneThread} with {@code lb.planning.threads=1}, so every plan runs on the calling thread,
 * and {@code twoThreads} with 2, so the calling thread plans one share of the services and one
 * pool thread the other. Either way the time per operation is the time of a whole cycle.
 *
 * <p>{@code edgeplane bench lb-planning} runs it; the annotations below apply only where its
 * options leave a setting open, such as the heap of the forked JVM.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
public class PlanningCycleJmh {

    private static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();
    private static final com.sun.management.OperatingSystemMXBean PROCESS =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    /** The planners, the services and the inputs of the next cycle. */
    @State(Scope.Thread)
    public static class Cycle {

        @Param("10000")
        public int services;

        @Param("10")
        public int endpointsPerService;

        @Param("50")
        public int clientNodes;

        @Param({"redrawn", "drifting"})
        public String observations;

        private final SplittableRandom random = new SplittableRandom(7);
        private ParallelWeightPlanner planner;
        private List<String> nodes;
        private List<ServiceKey> keys;
        private List<List<Endpoint>> endpoints;
        private double[][] medianMs;
        private double[] linkRttMs;
        private List<ServiceInput> inputs;
        private LinkLatencyTable links;
        private long nowMs = 1_700_000_000_000L;
        private long cpuNanos;
        private long processCpuNanos;
        private int cycles;

        @Setup(Level.Trial)
        public void createServices(BenchmarkParams params) {
            int threads = params.getBenchmark().endsWith(".twoThreads") ? 2 : 1;
            planner = new ParallelWeightPlanner(WeightPlannerConfig.defaults(), threads, "jmh-planner");

            nodes = new ArrayList<>();
            for (int n = 0; n < clientNodes; n++) {
                nodes.add("node-" + n);
            }

            keys = new ArrayList<>();
            endpoints = new ArrayList<>();
            for (int s = 0; s < services; s++) {
                keys.add(new ServiceKey("city", "service-" + s));
                List<Endpoint> serviceEndpoints = new ArrayList<>();
                for (int e = 0; e < endpointsPerService; e++) {
                    String node = nodes.get(random.nextInt(clientNodes));
                    serviceEndpoints.add(new Endpoint("service-" + s + "-" + e, node,
                            "10." + (s / 250 % 250) + "." + (s % 250) + "." + (e + 1), 8080, true));
                }
                endpoints.add(serviceEndpoints);
            }
            inputs = new ArrayList<>(keys.size());

            linkRttMs = new double[clientNodes * clientNodes];
            for (int l = 0; l < linkRttMs.length; l++) {
                linkRttMs[l] = 1 + random.nextDouble() * 40;
            }
            medianMs = new double[keys.size()][endpointsPerService];
            for (double[] medians : medianMs) {
                for (int e = 0; e < medians.length; e++) {
                    medians[e] = 5 + random.nextDouble() * 30;
                }
            }
        }

        /** Draws the next cycle's observations and link table; not measured. */
        @Setup(Level.Invocation)
        public void prepareNextCycle() {
            nowMs += 1_000;
            boolean redrawn = observations.equals("redrawn");
            inputs.clear();
            for (int s = 0; s < keys.size(); s++) {
                List<EndpointInput> serviceInputs = new ArrayList<>(endpointsPerService);
                for (int e = 0; e < endpointsPerService; e++) {
                    Endpoint endpoint = endpoints.get(s).get(e);
                    medianMs[s][e] = redrawn
                            ? 5 + random.nextDouble() * 30
                            : Math.max(1, medianMs[s][e] * (0.95 + random.nextDouble() * 0.1));
                    double p50 = medianMs[s][e];
                    double errorRate = random.nextInt(100) == 0 ? 0.6 : random.nextDouble() * 0.02;
                    ReplicaObservation observation = new ReplicaObservation(p50, p50 * (1.5 + random.nextDouble()),
                            errorRate, random.nextDouble() * 4, 50 + random.nextInt(200), 1_000, nowMs);
                    serviceInputs.add(new EndpointInput(endpoint, observation));
                }
                inputs.add(new ServiceInput(keys.get(s), serviceInputs));
            }
            LinkLatencyTable.Builder table = LinkLatencyTable.builder().clientNodes(nodes);
            for (int from = 0; from < clientNodes; from++) {
                for (int to = 0; to < clientNodes; to++) {
                    int link = from * clientNodes + to;
                    linkRttMs[link] = redrawn
                            ? 1 + random.nextDouble() * 40
                            : Math.max(0.1, linkRttMs[link] * (0.95 + random.nextDouble() * 0.1));
                    if (from != to) {
                        table.rtt(nodes.get(from), nodes.get(to), linkRttMs[link], random.nextDouble() * 3, nowMs);
                    }
                }
            }
            links = table.build();
        }

        void planAll(Blackhole blackhole) {
            long cpuStart = CPU.getCurrentThreadCpuTime();
            long processCpuStart = PROCESS.getProcessCpuTime();
            for (ServicePlan plan : planner.planAll(inputs, links, nowMs)) {
                blackhole.consume(plan);
            }
            cpuNanos += CPU.getCurrentThreadCpuTime() - cpuStart;
            processCpuNanos += PROCESS.getProcessCpuTime() - processCpuStart;
            cycles++;
        }

        /** Prints the CPU time per cycle in the iteration that just ended. */
        @TearDown(Level.Iteration)
        public void reportCpu() {
            if (cycles > 0) {
                System.out.printf(Locale.ROOT, "%n  %d planning thread(s): calling thread %.1f ms CPU, JVM %.1f ms CPU per"
                        + " cycle over %d cycles%n", planner.threads(), cpuNanos / 1e6 / cycles,
                        processCpuNanos / 1e6 / cycles, cycles);
            }
            cpuNanos = 0;
            processCpuNanos = 0;
            cycles = 0;
        }

        @TearDown(Level.Trial)
        public void stopPlanner() {
            planner.close();
        }
    }

    @Benchmark
    @Threads(1)
    public void oneThread(Cycle cycle, Blackhole blackhole) {
        cycle.planAll(blackhole);
    }

    @Benchmark
    @Threads(1)
    public void twoThreads(Cycle cycle, Blackhole blackhole) {
        cycle.planAll(blackhole);
    }
}
