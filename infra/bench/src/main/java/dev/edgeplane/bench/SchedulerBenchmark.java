package dev.edgeplane.bench;

import dev.edgeplane.bench.internal.SchedulerWorkload;
import dev.edgeplane.k8ssim.SimulatedKubernetes;
import dev.edgeplane.k8ssim.SimulatedNode;
import dev.edgeplane.scheduler.api.v1alpha1.PodMetadataKeys;
import dev.edgeplane.scheduler.schedule.EdgeplaneScheduler;
import dev.edgeplane.scheduler.schedule.Prediction;
import dev.edgeplane.scheduler.schedule.SchedulerConfig;
import dev.edgeplane.scheduler.schedule.SchedulingFramework;
import io.fabric8.kubernetes.api.model.Binding;
import io.fabric8.kubernetes.api.model.BindingBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.distribution.ValueAtPercentile;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * {@code edgeplane bench scheduler}: scheduling throughput of the Edgeplane scheduler with all
 * plugins on a small and a large simulated city (500 and 5,000 nodes by default).
 *
 * <ul>
 *   <li>The in-memory cycle: {@link SchedulingFramework#scheduleAndAssume} for every pod of the
 *       workload (50,000 by default) on one thread, after a warm-up of 5,000 pods on a separate
 *       framework, with pods per second and the p99 of one cycle.</li>
 *   <li>The baseline, measured in the same run on the same workload: a filter-only cycle (score
 *       plugins off, first feasible node by name). Its ratio shows what scoring costs.</li>
 *   <li>With binds: the whole {@link EdgeplaneScheduler} against the simulated Kubernetes API,
 *       binding a smaller number of pods (1,000 by default) through {@code pods/binding}, from
 *       the scheduler's start until every pod is decided. Pod creation is not timed. Its
 *       baseline, run just before on the same API, is a plain loop on one thread that binds the
 *       same number of other pods to nodes of their location in turn, with no scheduling and no
 *       Events: roughly what the simulated API allows.</li>
 * </ul>
 *
 * <p>The workload is {@link SchedulerWorkload}: 50 locations, so 10 or 100 nodes per location.
 */
public final class SchedulerBenchmark implements Benchmark {

    public static final String NODES_SMALL = "nodes.small";
    public static final String NODES_LARGE = "nodes.large";
    public static final String PODS = "pods";
    public static final String BIND_PODS = "bind.pods";
    public static final String LOCATIONS = "locations";

    /** Lowest acceptable cycle throughput at the large size, in pods per second. */
    public static final double TARGET_PODS_PER_SEC = 1_000;

    private static final long SEED = 7;
    private static final int WARMUP_PODS = 5_000;
    private static final Duration BIND_TIMEOUT = Duration.ofMinutes(30);

    @Override
    public String name() {
        return "scheduler";
    }

    @Override
    public String description() {
        return "scheduling cycle with all plugins on 500 and 5,000 nodes for 50,000 pods, against a filter-only cycle, "
                + "and with binds to the simulated Kubernetes API, against a plain bind loop";
    }

    @Override
    public Map<String, Long> countDefaults() {
        Map<String, Long> defaults = new LinkedHashMap<>();
        defaults.put(NODES_SMALL, 500L);
        defaults.put(NODES_LARGE, 5_000L);
        defaults.put(PODS, 50_000L);
        defaults.put(BIND_PODS, 1_000L);
        defaults.put(LOCATIONS, 50L);
        return defaults;
    }

    @Override
    public void validate(BenchmarkSettings settings) {
        long locations = settings.count(LOCATIONS, 50);
        for (String key : List.of(NODES_SMALL, NODES_LARGE)) {
            long nodes = settings.count(key, countDefaults().get(key));
            if (nodes < locations) {
                throw new IllegalArgumentException(key + "=" + nodes + " is below locations=" + locations
                        + ": give at least one node per location");
            }
        }
    }

    @Override
    public BenchmarkResult run(BenchmarkSettings settings, PrintWriter progress) {
        validate(settings);
        int pods = Math.toIntExact(settings.count(PODS, 50_000));
        int bindPods = Math.toIntExact(settings.count(BIND_PODS, 1_000));
        int locations = Math.toIntExact(settings.count(LOCATIONS, 50));
        BenchmarkResult.Builder result = BenchmarkResult.builder(name()).figure(PODS, pods).figure(BIND_PODS, bindPods)
                .figure(LOCATIONS, locations);
        double largeRate = 0;
        for (String size : List.of(NODES_SMALL, NODES_LARGE)) {
            int nodes = Math.toIntExact(settings.count(size, countDefaults().get(size)));
            String prefix = size.equals(NODES_SMALL) ? "small" : "large";
            SchedulerWorkload workload = new SchedulerWorkload(nodes, locations, SEED);
            result.figure(prefix + ".nodes", nodes);

            cycle(workload, nodes, Math.min(WARMUP_PODS, pods), SchedulerConfig.defaults(), progress);
            CycleRun full = cycle(workload, nodes, pods, SchedulerConfig.defaults(), progress);
            CycleRun filterOnly = cycle(workload, nodes, pods,
                    SchedulerConfig.defaults().with(Map.of(SchedulerConfig.SCORE_PLUGINS, "")), progress);
            progress.printf("%,d nodes: cycle %.0f pods/s (p99 %.3f ms, %d unschedulable), filter-only %.0f pods/s%n",
                    nodes, full.podsPerSec(), full.p99Millis(), full.unschedulable(), filterOnly.podsPerSec());
            progress.flush();
            result.figure(prefix + ".cycle.pods.per.sec", full.podsPerSec(), 0)
                    .figure(prefix + ".cycle.p99.ms", full.p99Millis(), 3)
                    .figure(prefix + ".cycle.unschedulable", full.unschedulable())
                    .figure(prefix + ".filter.only.pods.per.sec", filterOnly.podsPerSec(), 0)
                    .figure(prefix + ".cycle.to.filter.only", full.podsPerSec() / filterOnly.podsPerSec(), 3);
            if (size.equals(NODES_LARGE)) {
                largeRate = full.podsPerSec();
            }

            BindRun binds = bind(workload, nodes, locations, bindPods, progress);
            result.figure(prefix + ".bind.pods.per.sec", binds.podsPerSec(), 1)
                    .figure(prefix + ".bind.p99.ms", binds.p99Millis(), 1)
                    .figure(prefix + ".plain.bind.pods.per.sec", binds.plainPodsPerSec(), 1)
                    .figure(prefix + ".bind.to.plain.bind", binds.podsPerSec() / binds.plainPodsPerSec(), 3);
        }
        return result.figure("target.pods.per.sec", TARGET_PODS_PER_SEC, 0)
                .figure("large.cycle.within.target", Boolean.toString(largeRate >= TARGET_PODS_PER_SEC))
                .build();
    }

    /** Figures of one in-memory run. */
    private record CycleRun(double podsPerSec, double p99Millis, int unschedulable) {
    }

    private static CycleRun cycle(SchedulerWorkload workload, int nodes, int pods, SchedulerConfig config,
            PrintWriter progress) {
        SchedulingFramework framework = new SchedulingFramework(config, new SimpleMeterRegistry(), Clock.systemUTC());
        for (int i = 0; i < nodes; i++) {
            framework.onNode(workload.node(i));
        }
        long now = System.currentTimeMillis();
        workload.health().forEach(h -> framework.onNodeHealth(h, now));
        workload.latencies().forEach(framework::onLinkLatency);
        List<Pod> stream = workload.pods("bench", pods);

        long[] nanos = new long[pods];
        int unschedulable = 0;
        long started = System.nanoTime();
        for (int j = 0; j < pods; j++) {
            long before = System.nanoTime();
            Prediction prediction = framework.scheduleAndAssume(stream.get(j));
            nanos[j] = System.nanoTime() - before;
            if (prediction.node().isEmpty()) {
                unschedulable++;
            }
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        Arrays.sort(nanos);
        double p99 = nanos[Math.min(pods - 1, (int) Math.ceil(pods * 0.99) - 1)] / 1e6;
        return new CycleRun(pods / seconds, p99, unschedulable);
    }

    /** Figures of one run with binds, and of the plain bind loop on the same API. */
    private record BindRun(double podsPerSec, double p99Millis, double plainPodsPerSec) {
    }

    private static BindRun bind(SchedulerWorkload workload, int nodes, int locations, int pods, PrintWriter progress) {
        // As in the controller benchmark: rare Lease renewals, so thousands of nodes do not swamp the machine.
        try (SimulatedKubernetes kubernetes = SimulatedKubernetes.builder()
                .leaseRenewInterval(Duration.ofMinutes(10))
                .nodeMonitorGracePeriod(Duration.ofHours(2))
                .kubeletInterval(Duration.ofSeconds(5))
                .start()) {
            long setup = System.nanoTime();
            for (int i = 0; i < nodes; i++) {
                SimulatedNode.Builder node = SimulatedNode.builder(SchedulerWorkload.nodeName(i)).cpu("16").memory("64Gi")
                        .maxPods(110);
                workload.nodeLabels(i).forEach(node::label);
                kubernetes.addNode(node.build());
            }
            createPods(kubernetes.client(), workload.pods("bench", pods));
            // The plain loop's pods name another scheduler, so the Edgeplane scheduler leaves them alone.
            List<Pod> plainPods = workload.pods("bench-plain", pods);
            plainPods.forEach(pod -> pod.getSpec().setSchedulerName("bench-plain-loop"));
            createPods(kubernetes.client(), plainPods);
            progress.printf("%,d nodes: simulated API with %,d pending pods for each run ready in %.1f s%n", nodes, pods,
                    (System.nanoTime() - setup) / 1e9);
            // The plain loop runs first: after the scheduler's burst the simulated kubelets keep the API
            // busy starting pods, and requests time out.
            double plain = plainBinds(kubernetes.client(), plainPods, nodes, locations);
            progress.printf("%,d nodes: plain bind loop %.1f pods/s; starting the scheduler%n", nodes, plain);
            progress.flush();

            MeterRegistry registry = new SimpleMeterRegistry();
            try (KubernetesClient client = kubernetes.newClient();
                    EdgeplaneScheduler scheduler = new EdgeplaneScheduler(client, new SchedulerConfig(Map.of(
                            SchedulerConfig.LEADER_ELECTION_ENABLED, false, SchedulerConfig.BIND_THREADS, 8)), registry)) {
                long started = System.nanoTime();
                scheduler.start();
                long deadline = started + BIND_TIMEOUT.toNanos();
                while (decided(registry) < pods) {
                    if (System.nanoTime() > deadline) {
                        throw new BenchmarkException("The scheduler decided " + decided(registry) + " of " + pods
                                + " pods within " + BIND_TIMEOUT.toMinutes() + " minutes");
                    }
                    Thread.sleep(20);
                }
                double seconds = (System.nanoTime() - started) / 1e9;
                double p99 = percentile(registry, 0.99);
                progress.printf("%,d nodes: bound %,d pods in %.1f s, %.1f pods/s, p99 %.1f ms%n", nodes, pods, seconds,
                        pods / seconds, p99);
                progress.flush();
                return new BindRun(pods / seconds, p99, plain);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BenchmarkException("Interrupted while the scheduler bound pods", e);
        }
    }

    private static double decided(MeterRegistry registry) {
        return registry.find("edgeplane.scheduler.decisions").counters().stream()
                .filter(c -> !"bind-failed".equals(c.getId().getTag("outcome")))
                .mapToDouble(c -> c.count()).sum();
    }

    private static double percentile(MeterRegistry registry, double percentile) {
        for (ValueAtPercentile value : registry.get("edgeplane.scheduler.pod.duration").timer().takeSnapshot()
                .percentileValues()) {
            if (value.percentile() == percentile) {
                return value.value(TimeUnit.MILLISECONDS);
            }
        }
        throw new BenchmarkException("The scheduler published no p" + (int) (percentile * 100) + " of its pod duration");
    }

    /** Binds each pod to the next node of its location on one thread; returns pods per second. */
    private static double plainBinds(KubernetesClient client, List<Pod> pods, int nodes, int locations) {
        int[] nextInLocation = new int[locations];
        long started = System.nanoTime();
        for (Pod pod : pods) {
            int location = Integer.parseInt(pod.getSpec().getNodeSelector().get(PodMetadataKeys.LOCATION_LABEL).substring(4));
            int perLocation = (nodes - location + locations - 1) / locations;
            int node = location + locations * (nextInLocation[location]++ % perLocation);
            Binding binding = new BindingBuilder()
                    .withNewMetadata().withName(pod.getMetadata().getName()).endMetadata()
                    .withNewTarget().withKind("Node").withName(SchedulerWorkload.nodeName(node)).endTarget()
                    .build();
            client.raw("/api/v1/namespaces/" + pod.getMetadata().getNamespace() + "/pods/" + pod.getMetadata().getName()
                    + "/binding", "POST", binding);
        }
        return pods.size() / ((System.nanoTime() - started) / 1e9);
    }

    /** Creates the pods on four threads, since the mock server serves one request at a time per connection. */
    private static void createPods(KubernetesClient client, List<Pod> pods) throws InterruptedException {
        ExecutorService threads = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> done = new java.util.ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int first = t;
                done.add(threads.submit(() -> {
                    for (int j = first; j < pods.size(); j += 4) {
                        Pod pod = pods.get(j);
                        pod.getMetadata().setUid(null);
                        client.pods().resource(pod).create();
                    }
                }));
            }
            for (Future<?> future : done) {
                future.get();
            }
        } catch (java.util.concurrent.ExecutionException e) {
            throw new BenchmarkException("Creating the benchmark pods failed: " + e.getCause().getMessage(), e.getCause());
        } finally {
            threads.shutdownNow();
        }
    }
}
