package dev.edgeplane.scheduler.executor.internal;

import dev.edgeplane.scheduler.api.v1alpha1.FogService;
import dev.edgeplane.scheduler.api.v1alpha1.FogServiceStatus;
import dev.edgeplane.scheduler.api.v1alpha1.PodMetadataKeys;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * A cluster in memory for property tests of the executor, behind the same {@link ClusterAccess}
 * the executor uses against the API: nodes, FogService pods and their FogServices, eviction with
 * an optional PodDisruptionBudget-style 429 per FogService, and intents. It plays the FogService
 * controller too: {@link #replaceEvicted} creates an unbound replacement for every evicted pod, and
 * {@link #bindPending} binds them. Single-threaded.
 */
final class InMemoryCluster implements ClusterAccess {

  static final String NAMESPACE = "city";

  /** One accepted eviction, as the API saw it. */
  record Eviction(String podUid, String pod, String fogService, String location, String node) {
  }

  private final Map<String, Node> nodes = new LinkedHashMap<>();
  private final Map<String, Pod> pods = new LinkedHashMap<>();
  private final Map<String, FogService> fogServices = new LinkedHashMap<>();
  private final Map<String, EvictionIntent> intents = new LinkedHashMap<>();
  private final Set<String> budgetBlocked = new HashSet<>();
  private final List<Eviction> evictions = new ArrayList<>();
  private final List<Pod> evictedAwaitingReplacement = new ArrayList<>();
  private Consumer<Pod> beforeEviction = pod -> { };
  private int sequence;
  private Instant now = Instant.parse("2026-01-01T00:00:00Z");

  void setNow(Instant now) {
    this.now = now;
  }

  Instant now() {
    return now;
  }

  void addNode(String name, String location, String cpu) {
    nodes.put(name, new NodeBuilder()
        .withNewMetadata().withName(name).addToLabels(PodMetadataKeys.LOCATION_LABEL, location).endMetadata()
        .withNewStatus()
        .addToAllocatable("cpu", new Quantity(cpu)).addToAllocatable("memory", new Quantity("8Gi"))
        .addNewCondition().withType("Ready").withStatus("True").endCondition()
        .endStatus()
        .build());
  }

  /** Adds a FogService whose status requests {@code replicas}, with an optional min-ready annotation. */
  void addFogService(String name, int replicas, Integer minReady) {
    FogService fogService = new FogService();
    ObjectMetaBuilder metadata = new ObjectMetaBuilder().withNamespace(NAMESPACE).withName(name).withGeneration(1L);
    if (minReady != null) {
      metadata.addToAnnotations(dev.edgeplane.scheduler.executor.RescheduleExecutor.MIN_READY_ANNOTATION,
          minReady.toString());
    }
    fogService.setMetadata(metadata.build());
    FogServiceStatus status = new FogServiceStatus();
    status.setObservedGeneration(1L);
    status.setReplicas(replicas);
    fogService.setStatus(status);
    fogServices.put(name, fogService);
  }

  /** Adds a pod of the FogService, bound to {@code node} (or pending when null) and ready when bound. */
  Pod addPod(String fogService, String location, String node, String cpu) {
    sequence++;
    Pod pod = new PodBuilder()
        .withMetadata(new ObjectMetaBuilder()
            .withNamespace(NAMESPACE).withName(fogService + "-" + sequence).withUid("uid-" + sequence)
            .withCreationTimestamp(now.toString())
            .addToLabels(PodMetadataKeys.FOGSERVICE_LABEL, fogService)
            .addToLabels(PodMetadataKeys.LOCATION_LABEL, location)
            .build())
        .withNewSpec()
        .withContainers(new ContainerBuilder().withName("main").withNewResources()
            .addToRequests("cpu", new Quantity(cpu)).addToRequests("memory", new Quantity("64Mi"))
            .endResources().build())
        .withNodeName(node)
        .endSpec()
        .withNewStatus().withPhase(node == null ? "Pending" : "Running")
        .addNewCondition().withType("Ready").withStatus(node == null ? "False" : "True").endCondition()
        .endStatus()
        .build();
    pods.put(pod.getMetadata().getName(), pod);
    return pod;
  }

  void blockByBudget(String fogService, boolean blocked) {
    if (blocked) {
      budgetBlocked.add(fogService);
    } else {
      budgetBlocked.remove(fogService);
    }
  }

  void onEviction(Consumer<Pod> check) {
    this.beforeEviction = check;
  }

  List<Node> nodes() {
    return List.copyOf(nodes.values());
  }

  List<Pod> pods() {
    return pods.values().stream().map(p -> Serialization.clone(p)).toList();
  }

  List<Eviction> evictions() {
    return List.copyOf(evictions);
  }

  Map<String, FogService> fogServices() {
    return fogServices;
  }

  /** Plays the FogService controller: one unbound replacement per evicted pod. */
  void replaceEvicted() {
    for (Pod evicted : evictedAwaitingReplacement) {
      Map<String, String> labels = evicted.getMetadata().getLabels();
      addPod(labels.get(PodMetadataKeys.FOGSERVICE_LABEL), labels.get(PodMetadataKeys.LOCATION_LABEL), null,
          evicted.getSpec().getContainers().get(0).getResources().getRequests().get("cpu").toString());
    }
    evictedAwaitingReplacement.clear();
  }

  /** Binds every pending pod to the node {@code chooser} returns, or leaves it pending on null; bound pods turn ready. */
  void bindPending(Function<Pod, String> chooser) {
    for (Pod pod : List.copyOf(pods.values())) {
      if (pod.getSpec().getNodeName() != null) {
        continue;
      }
      String node = chooser.apply(Serialization.clone(pod));
      if (node != null) {
        pod.getSpec().setNodeName(node);
        pod.getStatus().setPhase("Running");
        pod.getStatus().getConditions().get(0).setStatus("True");
      }
    }
  }

  @Override
  public Optional<Pod> pod(String namespace, String name) {
    return Optional.ofNullable(pods.get(name)).filter(p -> NAMESPACE.equals(namespace)).map(Serialization::clone);
  }

  @Override
  public Optional<FogService> fogService(String namespace, String name) {
    return Optional.ofNullable(fogServices.get(name)).filter(f -> NAMESPACE.equals(namespace));
  }

  @Override
  public List<Pod> podsOf(String namespace, String fogService) {
    return pods().stream()
        .filter(p -> fogService.equals(p.getMetadata().getLabels().get(PodMetadataKeys.FOGSERVICE_LABEL)))
        .toList();
  }

  @Override
  public EvictionResult evict(String namespace, String name, String uid) {
    Pod pod = pods.get(name);
    if (pod == null || !pod.getMetadata().getUid().equals(uid)) {
      return EvictionResult.notFound(404, "pods \"" + name + "\" not found");
    }
    String fogService = pod.getMetadata().getLabels().get(PodMetadataKeys.FOGSERVICE_LABEL);
    if (budgetBlocked.contains(fogService)) {
      return EvictionResult.rejectedByBudget("Cannot evict pod as it would violate the pod's disruption budget.");
    }
    beforeEviction.accept(Serialization.clone(pod));
    pods.remove(name);
    evictions.add(new Eviction(uid, name, fogService, pod.getMetadata().getLabels().get(PodMetadataKeys.LOCATION_LABEL),
        pod.getSpec().getNodeName()));
    evictedAwaitingReplacement.add(pod);
    return EvictionResult.evicted();
  }

  @Override
  public boolean recordIntent(EvictionIntent intent) {
    return intents.putIfAbsent(intent.decisionId(), intent) == null;
  }

  @Override
  public List<EvictionIntent> intents(String namespace) {
    return List.copyOf(intents.values());
  }
}
