package dev.edgeplane.scheduler.observe;

import dev.edgeplane.scheduler.api.v1alpha1.FogService;
import dev.edgeplane.scheduler.observe.internal.InventorySender;
import dev.edgeplane.scheduler.observe.internal.InventoryWatcher;
import dev.edgeplane.scheduler.internal.InformerSync;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.Producer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Mirrors the cluster into the compacted inventory topics: each node into
 * {@code edgeplane.cluster.nodes} keyed by node name, each pod into
 * {@code edgeplane.cluster.placements} keyed by pod uid, with the FogService that owns it and
 * whether that FogService is critical, and each FogService's critical flag, locations,
 * dependencies and metric targets into {@code edgeplane.cluster.fogservices} keyed by
 * {@code namespace/name}. A deleted node, pod or FogService becomes a tombstone.
 *
 * <p>Informers on nodes, pods and FogServices feed one publishing thread, so records of one key
 * leave in the order of the changes. A change to a node's labels or to a FogService's
 * {@code critical} flag publishes the affected pods again, and a change to a FogService's spec
 * publishes the FogService again. See {@code DESIGN.md} in this package.
 *
 * <p>The caller owns the client and the producer and closes them after {@link #close()}. The
 * producer must serialize keys as strings and values with the Avro serializer of the schemas module.
 */
public final class InventoryPublisher implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(InventoryPublisher.class);

  private final KubernetesClient client;
  private final InventoryPublisherConfig config;
  private final InventorySender sender;
  private SharedIndexInformer<Node> nodes;
  private SharedIndexInformer<Pod> pods;
  private SharedIndexInformer<FogService> fogServices;

  public InventoryPublisher(KubernetesClient client, Producer<String, SpecificRecord> producer,
      InventoryPublisherConfig config, MeterRegistry registry) {
    this.client = client;
    this.config = config;
    this.sender = new InventorySender(producer, registry);
  }

  /**
   * Starts the informers and waits for their first list; the first records leave while it waits.
   * Blocks up to {@value InventoryPublisherConfig#SYNC_TIMEOUT_MS} and throws
   * {@link IllegalStateException} when the informers do not sync in time.
   */
  public void start() {
    long resync = config.resyncPeriod().toMillis();
    nodes = client.nodes().runnableInformer(resync);
    pods = client.pods().inAnyNamespace().runnableInformer(resync);
    fogServices = client.resources(FogService.class).inAnyNamespace().runnableInformer(resync);
    new InventoryWatcher(nodes, pods, fogServices, sender).registerHandlers();

    awaitSync(fogServices, "FogService");
    awaitSync(nodes, "node");
    awaitSync(pods, "pod");
    log.info("Inventory publisher started: {} nodes and {} pods cached", nodes.getStore().list().size(),
        pods.getStore().list().size());
  }

  private void awaitSync(SharedIndexInformer<?> informer, String resource) {
    InformerSync.startAndAwait(informer, resource, config.syncTimeout(), InventoryPublisherConfig.SYNC_TIMEOUT_MS, client.getMasterUrl());
  }


  /** Stops the informers, then sends what is queued and flushes the producer; blocks up to 10 s. */
  @Override
  public void close() {
    for (SharedIndexInformer<?> informer : new SharedIndexInformer<?>[] {nodes, pods, fogServices}) {
      if (informer != null) {
        informer.close();
      }
    }
    sender.close();
    log.info("Inventory publisher stopped");
  }
}
