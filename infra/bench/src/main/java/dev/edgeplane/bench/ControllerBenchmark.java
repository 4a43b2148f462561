package dev.edgeplane.bench;

import dev.edgeplane.bench.city.CityNodes;
import dev.edgeplane.bench.internal.ControllerWorkload;
import dev.edgeplane.ingest.simulate.CityTopology;
import dev.edgeplane.ingest.simulate.TopologyOptions;
import dev.edgeplane.k8ssim.SimulatedKubernetes;
import dev.edgeplane.scheduler.reconcile.FogServiceController;
import dev.edgeplane.scheduler.reconcile.FogServiceControllerConfig;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reconciles FogServices into pods on the simulated Kubernetes API and measures how long the
 * controller takes to converge (every pod created and every status written) and how many pods it
 * creates per second. The baseline, measured in the same run, is a plain fabric8 loop that creates
 * the same number of pods of the same shape directly on one thread, without a controller.
 *
 * <p>Nodes come from a synthetic grid city with one intersection per FogService; FogService
 * {@code i} requests its share of the pods at intersection {@code i}. Pods are never bound, as no
 * scheduler runs, so the figures cover creation and status writing, not start-up.
 */
public final class ControllerBenchmark implements Benchmark {

  public static final String FOGSERVICES = "fogservices";
  public static final String PODS = "pods";
  public static final String NODES = "nodes";
  public static final String WORKERS = "workers";

  private static final String NAMESPACE = "bench";
  private static final String BASELINE_NAMESPACE = "bench-baseline";
  private static final Duration CONVERGE_TIMEOUT = Duration.ofMinutes(30);
  private static final String CRD_RESOURCE = "/META-INF/fabric8/fogservices.edgeplane.dev-v1.yml";

  @Override
  public String name() {
    return "controller";
  }

  @Override
  public String description() {
    return "FogService controller on the simulated Kubernetes API: time to converge and pods created per second, "
        + "against a plain pod create loop.";
  }

  @Override
  public Map<String, Long> countDefaults() {
    Map<String, Long> defaults = new LinkedHashMap<>();
    defaults.put(FOGSERVICES, 1_000L);
    defaults.put(PODS, 10_000L);
    defaults.put(NODES, 5_000L);
    defaults.put(WORKERS, 2L);
    return defaults;
  }

  @Override
  public BenchmarkResult run(BenchmarkSettings settings, PrintWriter progress) {
    validate(settings);
    int fogServices = Math.toIntExact(settings.count(FOGSERVICES, 1_000));
    int pods = Math.toIntExact(settings.count(PODS, 10_000));
    int nodes = Math.toIntExact(settings.count(NODES, 5_000));
    int workers = Math.toIntExact(settings.count(WORKERS, 2));
    int replicas = pods / fogServices;

    // At the simulator's test timings, thousands of nodes renew a Lease twice a second each, which
    // swamps the machine. Nothing here needs node loss, so Leases renew rarely and never expire.
    try (SimulatedKubernetes kubernetes = SimulatedKubernetes.builder()
        .leaseRenewInterval(Duration.ofMinutes(10))
        .nodeMonitorGracePeriod(Duration.ofHours(2))
        .kubeletInterval(Duration.ofSeconds(5))
        .start()) {
      KubernetesClient client = kubernetes.client();
      long started = System.nanoTime();
      CityNodes.addAll(kubernetes, CityTopology.synthetic(new TopologyOptions(1, fogServices, nodes / fogServices, 0)));
      double nodeSeconds = seconds(started);
      progress.printf("Added %d nodes in %.1f s%n", nodes, nodeSeconds);
      applyCrd(client);

      ControllerWorkload workload = new ControllerWorkload(client, progress);
      workload.createFogServices(NAMESPACE, fogServices, replicas);
      progress.printf("Created %d FogServices of %d replicas; starting the controller with %d workers%n",
          fogServices, replicas, workers);
      progress.flush();
      double convergeSeconds = runController(kubernetes, workload, fogServices, replicas, workers);
      int created = workload.countPods(NAMESPACE);
      if (created != pods) {
        throw new BenchmarkException("The controller converged with " + created + " pods where " + pods + " were asked for");
      }

      long baselineStart = System.nanoTime();
      workload.createPodsDirectly(BASELINE_NAMESPACE, pods);
      double baselineSeconds = seconds(baselineStart);
      progress.printf("Baseline: created %d pods directly in %.1f s%n", pods, baselineSeconds);
      progress.flush();

      double controllerRate = pods / convergeSeconds;
      double baselineRate = pods / baselineSeconds;
      return BenchmarkResult.builder(name())
          .figure(FOGSERVICES, fogServices)
          .figure(PODS, pods)
          .figure(NODES, nodes)
          .figure(WORKERS, workers)
          .figure("nodes.add.seconds", nodeSeconds, 2)
          .figure("converge.seconds", convergeSeconds, 2)
          .figure("controller.pods.per.sec", controllerRate, 1)
          .figure("baseline.pods.per.sec", baselineRate, 1)
          .figure("controller.to.baseline", controllerRate / baselineRate, 3)
          .build();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BenchmarkException("Interrupted while the controller converged", e);
    }
  }

  private static double runController(SimulatedKubernetes kubernetes, ControllerWorkload workload, int fogServices,
      int replicas, int workers) throws InterruptedException {
    try (KubernetesClient controllerClient = kubernetes.newClient()) {
      FogServiceController controller = new FogServiceController(controllerClient, new FogServiceControllerConfig(Map.of(
          FogServiceControllerConfig.NAMESPACE, NAMESPACE,
          FogServiceControllerConfig.WORKERS, workers)), new SimpleMeterRegistry());
      long started = System.nanoTime();
      try {
        controller.start();
        if (!workload.awaitConverged(NAMESPACE, fogServices, replicas, CONVERGE_TIMEOUT)) {
          throw new BenchmarkException("The controller did not converge within " + CONVERGE_TIMEOUT.toMinutes() + " minutes");
        }
        return seconds(started);
      } finally {
        controller.close();
      }
    }
  }

  @Override
  public void validate(BenchmarkSettings settings) {
    validate(settings.count(FOGSERVICES, 1_000), settings.count(PODS, 10_000), settings.count(NODES, 5_000));
  }

  private static void validate(long fogServices, long pods, long nodes) {
    if (pods % fogServices != 0) {
      throw new IllegalArgumentException("pods=" + pods + " is not a multiple of fogservices=" + fogServices
          + ": give a multiple, so that each FogService asks for the same number of replicas");
    }
    if (nodes % fogServices != 0) {
      throw new IllegalArgumentException("nodes=" + nodes + " is not a multiple of fogservices=" + fogServices
          + ": give a multiple, so that each FogService's intersection has the same number of nodes");
    }
  }

  private static void applyCrd(KubernetesClient client) {
    try (InputStream crd = ControllerBenchmark.class.getResourceAsStream(CRD_RESOURCE)) {
      if (crd == null) {
        throw new BenchmarkException(CRD_RESOURCE + " is not on the class path: build scheduler-consumer, which generates it");
      }
      client.apiextensions().v1().customResourceDefinitions().load(crd).create();
    } catch (IOException e) {
      throw new BenchmarkException("Cannot read " + CRD_RESOURCE + ": " + e.getMessage(), e);
    }
  }

  private static double seconds(long startNanos) {
    return (System.nanoTime() - startNanos) / 1e9;
  }
}
