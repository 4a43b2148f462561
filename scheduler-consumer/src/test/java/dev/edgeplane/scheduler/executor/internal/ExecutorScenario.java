package dev.edgeplane.scheduler.executor.internal;

import dev.edgeplane.event.decision.RescheduleDecision;
import dev.edgeplane.event.decision.RescheduleStrategy;
import dev.edgeplane.scheduler.executor.ResourceFitPredictor;
import dev.edgeplane.scheduler.executor.RescheduleExecutorConfig;
import io.fabric8.kubernetes.api.model.Pod;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A random cluster, executor settings and a stream of steps for the executor's property tests, and
 * the code that runs them against a {@link DecisionProcessor} on an {@link InMemoryCluster}.
 */
final class ExecutorScenario {

  /** Nodes per location and the CPU of each, FogServices, and the executor limits. */
  record Shape(List<List<String>> nodeCpusPerLocation, List<Service> services, int maxPerFogService,
      int maxPerLocation, long cooldownMs) {
  }

  /**
   * A FogService: its location index, its pods' CPU requests, the node index of each pod within
   * the location, and an optional min-ready annotation.
   */
  record Service(int location, List<String> podCpus, List<Integer> podNodes, Integer minReady) {
  }

  /** One step of a stream. */
  sealed interface Step permits Decide, Repeat, Advance, Settle, Budget {
  }

  /** A decision about the pod at this index of the live pods, possibly stale. */
  record Decide(int podIndex, boolean staleUid, boolean wrongNode) implements Step {
  }

  /** The decision at this index of those sent so far, sent again. */
  record Repeat(int index) implements Step {
  }

  /** Time passes and the due follow-ups run. */
  record Advance(long millis) implements Step {
  }

  /** The controller replaces evicted pods and a binder binds them; {@code same} puts them back on the old node. */
  record Settle(boolean same) implements Step {
  }

  /** A PodDisruptionBudget starts or stops blocking evictions of one FogService. */
  record Budget(int service, boolean blocked) implements Step {
  }

  static final List<String> LOCATIONS = List.of("loc-a", "loc-b");
  static final long REPLACEMENT_TIMEOUT_MS = 5_000;
  static final long RETRY_TIMEOUT_MS = 4_000;

  final InMemoryCluster cluster = new InMemoryCluster();
  final ResourceFitPredictor predictor = new ResourceFitPredictor(cluster::nodes, cluster::pods);
  final ListAuditSink sink = new ListAuditSink();
  final RescheduleExecutorConfig config;
  final List<RescheduleDecision> sent = new ArrayList<>();
  DecisionProcessor processor;
  private final Map<String, String> lastNodeOfLocation = new java.util.HashMap<>();
  private int decisions;

  ExecutorScenario(Shape shape) {
    config = new RescheduleExecutorConfig(Map.of(
        RescheduleExecutorConfig.MAX_INFLIGHT_PER_FOGSERVICE, shape.maxPerFogService(),
        RescheduleExecutorConfig.MAX_INFLIGHT_PER_LOCATION, shape.maxPerLocation(),
        RescheduleExecutorConfig.COOLDOWN_MS, shape.cooldownMs(),
        RescheduleExecutorConfig.COOLDOWN_MAX_MS, Math.max(shape.cooldownMs(), 60_000L),
        RescheduleExecutorConfig.EVICTION_RETRY_BACKOFF_INITIAL_MS, 500L,
        RescheduleExecutorConfig.EVICTION_RETRY_BACKOFF_MAX_MS, 2_000L,
        RescheduleExecutorConfig.EVICTION_RETRY_TIMEOUT_MS, RETRY_TIMEOUT_MS,
        RescheduleExecutorConfig.REPLACEMENT_TIMEOUT_MS, REPLACEMENT_TIMEOUT_MS,
        RescheduleExecutorConfig.REPLACEMENT_CHECK_INTERVAL_MS, 200L));
    for (int l = 0; l < shape.nodeCpusPerLocation().size(); l++) {
      List<String> cpus = shape.nodeCpusPerLocation().get(l);
      for (int n = 0; n < cpus.size(); n++) {
        cluster.addNode(nodeName(l, n), LOCATIONS.get(l), cpus.get(n));
      }
    }
    for (int s = 0; s < shape.services().size(); s++) {
      Service service = shape.services().get(s);
      String name = "svc-" + s;
      cluster.addFogService(name, service.podCpus().size(), service.minReady());
      int nodesHere = shape.nodeCpusPerLocation().get(service.location()).size();
      for (int p = 0; p < service.podCpus().size(); p++) {
        cluster.addPod(name, LOCATIONS.get(service.location()),
            nodeName(service.location(), service.podNodes().get(p) % nodesHere), service.podCpus().get(p));
      }
    }
    processor = newProcessor();
  }

  DecisionProcessor newProcessor() {
    return new DecisionProcessor(cluster, predictor, sink, config, new ExecutorMetrics(new SimpleMeterRegistry()));
  }

  /** Replaces the processor by a new one that recovers from the audit records and intents, as after a restart. */
  void restart() {
    processor = newProcessor();
    processor.recover(sink.records(), cluster.now());
  }

  void run(Step step) {
    if (step instanceof Decide decide) {
      decide(decide);
    } else if (step instanceof Repeat repeat) {
      if (!sent.isEmpty()) {
        processor.handle(sent.get(repeat.index() % sent.size()), cluster.now());
      }
    } else if (step instanceof Advance advance) {
      cluster.setNow(cluster.now().plusMillis(advance.millis()));
      processor.runDue(cluster.now());
    } else if (step instanceof Settle settle) {
      settle(settle.same());
    } else if (step instanceof Budget budget) {
      cluster.blockByBudget("svc-" + (budget.service() % cluster.fogServices().size()), budget.blocked());
    }
  }

  /** Lets every eviction finish: lifts the budgets, replaces and binds pods, and moves past every timeout. */
  void drain() {
    cluster.fogServices().keySet().forEach(name -> cluster.blockByBudget(name, false));
    for (int round = 0; round < 40 && processor.inFlightCount() > 0; round++) {
      settle(false);
      run(new Advance(500));
    }
  }

  private void decide(Decide decide) {
    List<Pod> live = cluster.pods().stream().filter(p -> p.getSpec().getNodeName() != null).toList();
    if (live.isEmpty()) {
      return;
    }
    Pod pod = live.get(decide.podIndex() % live.size());
    decisions++;
    RescheduleDecision decision = RescheduleDecision.newBuilder()
        .setDecisionId("decision-" + decisions)
        .setDecidedTime(cluster.now())
        .setNamespace(InMemoryCluster.NAMESPACE)
        .setPod(pod.getMetadata().getName())
        .setPodUid(decide.staleUid() ? "uid-gone" : pod.getMetadata().getUid())
        .setFogService(pod.getMetadata().getLabels().get(dev.edgeplane.scheduler.api.v1alpha1.PodMetadataKeys
            .FOGSERVICE_LABEL))
        .setFromNode(decide.wrongNode() ? "node-elsewhere" : pod.getSpec().getNodeName())
        .setStrategy(RescheduleStrategy.BETTER_NODE)
        .setPredictedTarget("any")
        .build();
    sent.add(decision);
    processor.handle(decision, cluster.now());
  }

  private void settle(boolean same) {
    for (InMemoryCluster.Eviction eviction : cluster.evictions()) {
      lastNodeOfLocation.put(eviction.location() + "/" + eviction.fogService(), eviction.node());
    }
    cluster.replaceEvicted();
    cluster.bindPending(pod -> {
      String key = pod.getMetadata().getLabels().get(dev.edgeplane.scheduler.api.v1alpha1.PodMetadataKeys
          .LOCATION_LABEL) + "/" + pod.getMetadata().getLabels().get(dev.edgeplane.scheduler.api.v1alpha1
          .PodMetadataKeys.FOGSERVICE_LABEL);
      if (same && lastNodeOfLocation.containsKey(key)) {
        return lastNodeOfLocation.get(key);
      }
      return predictor.predict(withNode(pod, null)).targetNode();
    });
  }

  private static Pod withNode(Pod pod, String node) {
    pod.getSpec().setNodeName(node);
    return pod;
  }

  static String nodeName(int location, int index) {
    return "node-" + LOCATIONS.get(location).substring(4) + "-" + index;
  }

  static Duration replacementTimeout() {
    return Duration.ofMillis(REPLACEMENT_TIMEOUT_MS);
  }

  Instant now() {
    return cluster.now();
  }
}
