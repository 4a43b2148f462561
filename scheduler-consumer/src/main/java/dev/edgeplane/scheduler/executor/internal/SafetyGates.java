package dev.edgeplane.scheduler.executor.internal;

import dev.edgeplane.event.decision.RescheduleDecision;
import dev.edgeplane.scheduler.api.v1alpha1.FogService;
import dev.edgeplane.scheduler.api.v1alpha1.PodMetadataKeys;
import dev.edgeplane.scheduler.executor.Prediction;
import dev.edgeplane.scheduler.executor.TargetPredictor;
import io.fabric8.kubernetes.api.model.Pod;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Applies the safety gates to a decision against the live cluster, in the order of {@link Gate},
 * and stops at the first gate that fails. The duplicate check comes before, in
 * {@link DecisionProcessor}. Owned by the executor thread, and blocks on the API.
 */
final class SafetyGates {

  /** Settings the gates read. */
  record Limits(String namespace, int maxPerFogService, int maxPerLocation, int maxUnavailable, boolean dryRun) {
  }

  private final ClusterAccess cluster;
  private final TargetPredictor predictor;
  private final InFlightEvictions inFlight;
  private final PodCooldowns cooldowns;
  private final Limits limits;

  SafetyGates(ClusterAccess cluster, TargetPredictor predictor, InFlightEvictions inFlight, PodCooldowns cooldowns,
      Limits limits) {
    this.cluster = cluster;
    this.predictor = predictor;
    this.inFlight = inFlight;
    this.cooldowns = cooldowns;
    this.limits = limits;
  }

  GateVerdict check(RescheduleDecision decision, Instant now) {
    Map<String, String> details = new LinkedHashMap<>();
    details.put("fogService", decision.getFogService());
    if (limits.namespace() != null && !limits.namespace().equals(decision.getNamespace())) {
      return GateVerdict.stop(Gate.NAMESPACE, "The executor acts only in namespace " + limits.namespace()
          + ", and the decision is for namespace " + decision.getNamespace(), null, details);
    }

    Optional<Pod> found = cluster.pod(decision.getNamespace(), decision.getPod());
    Optional<String> stale = staleness(decision, found);
    if (stale.isPresent()) {
      return GateVerdict.stop(Gate.STALE_DECISION, stale.get(), null, details);
    }
    Pod pod = found.orElseThrow();
    String location = locationOf(pod);
    details.put("location", location);
    String evicting = inFlight.decisionEvicting(decision.getPodUid());
    if (evicting != null) {
      return GateVerdict.stop(Gate.POD_EVICTION_IN_FLIGHT, "Decision " + evicting + " is evicting pod "
          + decision.getNamespace() + "/" + decision.getPod() + " already", null, details);
    }

    Prediction prediction = predictor.predict(pod);
    putPrediction(details, prediction);
    Optional<GateVerdict> badTarget = checkTarget(prediction, decision.getFromNode(), details);
    if (badTarget.isPresent()) {
      return badTarget.get();
    }

    Optional<String> belowMinimum = checkMinReady(decision.getNamespace(), decision.getFogService(), pod, details);
    if (belowMinimum.isPresent()) {
      return GateVerdict.stop(Gate.MIN_READY_REPLICAS, belowMinimum.get(), prediction, details);
    }

    String fogServiceKey = decision.getNamespace() + "/" + decision.getFogService();
    long forService = inFlight.countForFogService(fogServiceKey);
    if (forService >= limits.maxPerFogService()) {
      return GateVerdict.stop(Gate.FOGSERVICE_EVICTION_LIMIT, "FogService " + fogServiceKey + " has " + forService
          + " evictions in flight, the maximum is " + limits.maxPerFogService(), prediction, details);
    }
    long atLocation = inFlight.countAtLocation(location);
    if (atLocation >= limits.maxPerLocation()) {
      return GateVerdict.stop(Gate.LOCATION_EVICTION_LIMIT, "Location '" + location + "' has " + atLocation
          + " evictions in flight, the maximum is " + limits.maxPerLocation(), prediction, details);
    }

    Optional<Instant> until = cooldowns.cooldownUntil(decision.getPodUid(), now);
    if (until.isPresent()) {
      details.put("cooldownUntil", until.get().toString());
      return GateVerdict.stop(Gate.COOLDOWN, "The pod was moved " + cooldowns.movesOf(decision.getPodUid(), now)
          + " times recently and waits until " + until.get(), prediction, details);
    }

    String move = "Move pod " + decision.getPod() + " from node " + decision.getFromNode()
        + "; the scheduler plugins predict node " + prediction.targetNode();
    if (limits.dryRun()) {
      return GateVerdict.stop(Gate.DRY_RUN, "Dry run: would evict. " + move, prediction, details);
    }
    return GateVerdict.pass(move, prediction, details);
  }

  /**
   * Returns the verdict of the two target gates when the prediction fails one: no feasible node,
   * or the pod's current node. Empty when the prediction is a feasible different node.
   */
  static Optional<GateVerdict> checkTarget(Prediction prediction, String fromNode, Map<String, String> details) {
    if (!prediction.isFeasible()) {
      return Optional.of(GateVerdict.stop(Gate.NO_FEASIBLE_TARGET, "The scheduler plugins find no feasible node"
          + " for the pod: " + (prediction.reasons().isEmpty() ? "no reason given"
          : String.join(", ", prediction.reasons())), prediction, details));
    }
    if (prediction.targetNode().equals(fromNode)) {
      return Optional.of(GateVerdict.stop(Gate.TARGET_IS_CURRENT_NODE, "The scheduler plugins would place the pod"
          + " on its current node " + fromNode + " again", prediction, details));
    }
    return Optional.empty();
  }

  /** Asks the predictor where the pod would go now. */
  Prediction predict(Pod pod) {
    return predictor.predict(pod);
  }

  /** Returns why the decision no longer matches the pod, or empty when it does. */
  static Optional<String> staleness(RescheduleDecision decision, Optional<Pod> found) {
    String pod = decision.getNamespace() + "/" + decision.getPod();
    if (found.isEmpty()) {
      return Optional.of("Pod " + pod + " no longer exists");
    }
    Pod live = found.get();
    if (!decision.getPodUid().equals(live.getMetadata().getUid())) {
      return Optional.of("Pod " + pod + " now has uid " + live.getMetadata().getUid() + ", not "
          + decision.getPodUid() + ": it is a replacement the decision is not about");
    }
    if (live.getMetadata().getDeletionTimestamp() != null) {
      return Optional.of("Pod " + pod + " is being deleted already");
    }
    String node = PodReadiness.nodeOf(live);
    if (!decision.getFromNode().equals(node)) {
      return Optional.of("Pod " + pod + " runs on node " + node + ", not on node " + decision.getFromNode()
          + " that the decision names");
    }
    return Optional.empty();
  }

  /**
   * Returns why evicting the pod would leave the FogService below its minimum ready replicas, or
   * empty when it would not. Reads the FogService and its pods from the API.
   */
  Optional<String> checkMinReady(String namespace, String fogServiceName, Pod pod, Map<String, String> details) {
    String name = namespace + "/" + fogServiceName;
    Optional<FogService> fogService = cluster.fogService(namespace, fogServiceName);
    if (fogService.isEmpty()) {
      return Optional.of("FogService " + name + " does not exist");
    }
    MinReadyReplicas minimum;
    try {
      minimum = MinReadyReplicas.of(fogService.get(), limits.maxUnavailable());
    } catch (IllegalArgumentException e) {
      return Optional.of(e.getMessage());
    }

    List<Pod> pods = cluster.podsOf(namespace, fogServiceName);
    long ready = pods.stream().filter(PodReadiness::isReady).count();
    long after = ready - (PodReadiness.isReady(pod) ? 1 : 0);
    details.put("readyReplicas", Long.toString(ready));
    details.put("minReadyReplicas", Integer.toString(minimum.minimum()));
    if (after < minimum.minimum()) {
      return Optional.of("FogService " + name + " would drop to " + after + " ready replicas, below its minimum of "
          + minimum.minimum() + " (" + minimum.source() + ")");
    }
    return Optional.empty();
  }

  static String locationOf(Pod pod) {
    Map<String, String> labels = pod.getMetadata().getLabels();
    String location = labels == null ? null : labels.get(PodMetadataKeys.LOCATION_LABEL);
    return location == null ? "" : location;
  }

  private static void putPrediction(Map<String, String> details, Prediction prediction) {
    details.put("predictedTarget", prediction.target().orElse("none"));
    if (prediction.targetScore() != null) {
      details.put("predictedScore", Double.toString(prediction.targetScore()));
    }
    if (prediction.currentScore() != null) {
      details.put("currentScore", Double.toString(prediction.currentScore()));
    }
  }
}
