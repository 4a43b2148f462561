package dev.edgeplane.anomaly.internal;

import java.util.ArrayList;
import java.util.List;

import dev.edgeplane.anomaly.internal.state.NodeVerdict;
import dev.edgeplane.event.cluster.PodPhase;
import dev.edgeplane.event.cluster.PodPlacement;
import dev.edgeplane.event.decision.RescheduleDecision;
import dev.edgeplane.event.decision.RescheduleStrategy;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the decisions of {@link PlacementAdvisor} for the pods of a node, each pod at most once per
 * strategy and episode, remembered in the decided store. Used on the advisor's stream thread only.
 */
final class DecisionEmitter {

    private static final Logger log = LoggerFactory.getLogger(DecisionEmitter.class);
    private static final StringSerializer KEYS = new StringSerializer();

    private final ProcessorContext<String, SpecificRecord> context;
    private final KeyValueStore<String, Long> decided;
    private final KeyValueStore<String, PodPlacement> pods;

    DecisionEmitter(ProcessorContext<String, SpecificRecord> context, KeyValueStore<String, Long> decided,
            KeyValueStore<String, PodPlacement> pods) {
        this.context = context;
        this.decided = decided;
        this.pods = pods;
    }

    /** Decides DegradedNode for the critical pods on the node of {@code from}; {@code target} may be null. */
    void degraded(String location, NodeVerdict from, NodeVerdict target, DecisionFactory factory) {
        List<String> missing = new ArrayList<>(from.getMissingInputs());
        if (target == null) {
            missing.add("a HEALTHY schedulable node at location " + location + " with a verdict for the window ending "
                    + from.getWindowEnd());
        }
        for (PodPlacement pod : podsOn(location, from.getNode(), true)) {
            emitOnce(pod, RescheduleStrategy.DEGRADED_NODE, from.getNode(), from.getSince(),
                    factory.degraded(pod, from, target, missing));
        }
    }

    /**
     * Decides BetterNode for {@code pod} on the node of {@code from}, once per run.
     *
     * @param podMissing inputs missing for this pod only, such as the spec of its FogService
     */
    void better(PodPlacement pod, NodeVerdict from, NodeVerdict candidate, long sinceMs, BetterNodeScores scores,
            List<String> podMissing, DecisionFactory factory) {
        List<String> missing = new ArrayList<>(from.getMissingInputs());
        candidate.getMissingInputs().stream().filter(m -> !missing.contains(m)).forEach(missing::add);
        missing.addAll(scores.missing());
        missing.addAll(podMissing);
        emitOnce(pod, RescheduleStrategy.BETTER_NODE, from.getNode(), sinceMs,
                factory.better(pod, from, candidate, sinceMs, scores, missing));
    }

    private void emitOnce(PodPlacement pod, RescheduleStrategy strategy, String fromNode, long episodeMs,
            RescheduleDecision decision) {
        String key = pod.getPodUid() + "/" + strategy.name() + "/" + fromNode + "/" + episodeMs;
        if (decided.get(key) != null) {
            return;
        }
        decided.put(key, decision.getDecidedTime().toEpochMilli());
        log.info("Decision {}: move pod {}/{} off node {} ({}), predicted target {}", decision.getDecisionId(),
                pod.getNamespace(), pod.getPod(), fromNode, strategy, decision.getPredictedTarget());
        context.forward(new Record<>(pod.getNamespace() + "/" + pod.getPod(), decision,
                decision.getDecidedTime().toEpochMilli()));
    }

    /** Returns the live FogService pods bound to {@code node}, only critical ones when {@code criticalOnly}, by uid. */
    private List<PodPlacement> podsOn(String location, String node, boolean criticalOnly) {
        List<PodPlacement> found = new ArrayList<>();
        try (KeyValueIterator<String, PodPlacement> all = pods.prefixScan(LocationKeys.prefix(location), KEYS)) {
            all.forEachRemaining(entry -> {
                PodPlacement pod = entry.value;
                boolean live = pod.getPhase() == PodPhase.RUNNING || pod.getPhase() == PodPhase.PENDING;
                if (node.equals(pod.getNode()) && pod.getFogService() != null && live
                        && (!criticalOnly || pod.getCritical())) {
                    found.add(pod);
                }
            });
        }
        found.sort((a, b) -> a.getPodUid().compareTo(b.getPodUid()));
        return found;
    }
}
