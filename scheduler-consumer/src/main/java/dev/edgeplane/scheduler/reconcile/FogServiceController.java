package dev.edgeplane.scheduler.reconcile;

import dev.edgeplane.scheduler.api.v1alpha1.FogService;
import dev.edgeplane.scheduler.api.v1alpha1.PodMetadataKeys;
import dev.edgeplane.scheduler.reconcile.internal.FogServiceReconciler;
import dev.edgeplane.scheduler.reconcile.internal.InformerCache;
import dev.edgeplane.scheduler.reconcile.internal.PodExpectations;
import dev.edgeplane.scheduler.reconcile.internal.ReconcileWorkers;
import dev.edgeplane.scheduler.reconcile.internal.WorkQueue;
import dev.edgeplane.scheduler.internal.InformerSync;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reconciles every FogService into the pods it owns. Informers on FogServices, their pods and the
 * nodes feed a work queue of {@code namespace/name} keys, and worker threads reconcile one key at a
 * time each; see {@code DESIGN.md} in this package for the threads.
 *
 * <p>The controller uses only calls a real API server serves: list and watch, create, update,
 * status update and delete, with equality label selectors. {@link ApiPermission#FOGSERVICE_CONTROLLER}
 * lists them for RBAC.
 *
 * <p>The caller owns the client and closes it after {@link #close()}.
 */
public final class FogServiceController implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(FogServiceController.class);

  private final KubernetesClient client;
  private final FogServiceControllerConfig config;
  private final MeterRegistry registry;
  private final WorkQueue queue;
  private final PodExpectations expectations;
  private SharedIndexInformer<FogService> fogServices;
  private SharedIndexInformer<Pod> pods;
  private SharedIndexInformer<Node> nodes;
  private ReconcileWorkers workers;

  public FogServiceController(KubernetesClient client, FogServiceControllerConfig config,
      MeterRegistry registry) {
    this.client = client;
    this.config = config;
    this.registry = registry;
    this.queue = new WorkQueue(config.retryBackoffInitial(), config.retryBackoffMax());
    this.expectations = new PodExpectations(config.expectationsTimeout(), Clock.systemUTC());
  }

  /**
   * Starts the informers, waits for their first list, and starts the workers. Blocks up to
   * {@value FogServiceControllerConfig#SYNC_TIMEOUT_MS} and throws {@link IllegalStateException}
   * when the informers do not sync in time.
   */
  public void start() {
    long resync = config.resyncPeriod().toMillis();
    String namespace = config.namespace();
    fogServices = namespace == null
        ? client.resources(FogService.class).inAnyNamespace().runnableInformer(resync)
        : client.resources(FogService.class).inNamespace(namespace).runnableInformer(resync);
    pods = namespace == null
        ? client.pods().inAnyNamespace().withLabel(PodMetadataKeys.FOGSERVICE_LABEL).runnableInformer(resync)
        : client.pods().inNamespace(namespace).withLabel(PodMetadataKeys.FOGSERVICE_LABEL).runnableInformer(resync);
    nodes = client.nodes().runnableInformer(resync);

    InformerCache cache = new InformerCache(fogServices, pods, nodes);
    cache.registerHandlers(queue, expectations);
    Gauge.builder("edgeplane.scheduler.reconcile.queue.size", queue, WorkQueue::size)
        .description("Keys waiting for a reconcile worker")
        .tag("kind", "FogService")
        .register(registry);

    awaitSync(fogServices, "FogService");
    awaitSync(pods, "pod");
    awaitSync(nodes, "node");

    FogServiceReconciler reconciler = new FogServiceReconciler(client, cache, expectations, registry,
        Clock.systemUTC());
    workers = new ReconcileWorkers("FogService", queue, reconciler, registry);
    workers.start(config.workers());
    log.info("FogService controller started with {} workers in {}", config.workers(),
        namespace == null ? "every namespace" : "namespace " + namespace);
  }

  private void awaitSync(SharedIndexInformer<?> informer, String resource) {
    InformerSync.startAndAwait(informer, resource, config.syncTimeout(), FogServiceControllerConfig.SYNC_TIMEOUT_MS, client.getMasterUrl());
  }


  /** Stops the workers (waiting up to 10 s for running reconciles) and the informers. */
  @Override
  public void close() {
    if (workers != null) {
      workers.close();
    } else {
      queue.shutDown();
    }
    for (SharedIndexInformer<?> informer : new SharedIndexInformer<?>[] {fogServices, pods, nodes}) {
      if (informer != null) {
        informer.close();
      }
    }
    log.info("FogService controller stopped");
  }
}
