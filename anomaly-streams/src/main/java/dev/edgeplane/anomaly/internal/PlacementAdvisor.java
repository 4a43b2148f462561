package dev.edgeplane.anomaly.internal;

import java.util.ArrayList;
import java.util.List;

import dev.edgeplane.anomaly.AnomalyConfig;
import dev.edgeplane.anomaly.StoreNames;
import dev.edgeplane.anomaly.internal.state.BetterStreak;
import dev.edgeplane.anomaly.internal.state.NodeVerdict;
import dev.edgeplane.anomaly.internal.state.NodeView;
import dev.edgeplane.event.cluster.PodPhase;
import dev.edgeplane.event.cluster.PodPlacement;
import dev.edgeplane.event.decision.RescheduleDecision;
import dev.edgeplane.event.decision.RescheduleStrategy;
import dev.edgeplane.event.state.NodeHealthState;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Placement advice for one location: DegradedNode and BetterNode decisions from node verdicts and
 * placements keyed by {@code location/...}.
 *
 * <p>Verdicts of different nodes reach this task in an order that depends on the upstream tasks, so
 * every comparison between nodes uses verdicts of the same window. BetterNode compares a pair when
 * the second of its two verdicts for a window arrives. DegradedNode waits until every node of the
 * location that reported the previous window has reported this one (or two more windows have
 * passed) before it picks the predicted target. A replay thus compares the same verdicts and writes
 * the same decisions. One instance per task, on its stream thread.
 */
public final class PlacementAdvisor implements Processor<String, AdviceInput, String, SpecificRecord> {

    private static final Logger log = LoggerFactory.getLogger(PlacementAdvisor.class);
    private static final StringSerializer KEYS = new StringSerializer();

    private final AnomalyConfig config;
    private final DecisionFactory decisions;
    private final long windowMs;

    private ProcessorContext<String, SpecificRecord> context;
    private KeyValueStore<String, PodPlacement> pods;
    private KeyValueStore<String, NodeView> nodes;
    private KeyValueStore<String, BetterStreak> streaks;
    private KeyValueStore<String, NodeVerdict> pending;
    private KeyValueStore<String, Long> decided;

    public PlacementAdvisor(AnomalyConfig config) {
        this.config = config;
        this.decisions = new DecisionFactory(config);
        this.windowMs = config.windowSize().toMillis();
    }

    @Override
    public void init(ProcessorContext<String, SpecificRecord> context) {
        this.context = context;
        this.pods = context.getStateStore(StoreNames.LOCATION_PODS);
        this.nodes = context.getStateStore(StoreNames.LOCATION_NODES);
        this.streaks = context.getStateStore(StoreNames.BETTER_STREAKS);
        this.pending = context.getStateStore(StoreNames.PENDING_DEGRADED);
        this.decided = context.getStateStore(StoreNames.DECIDED);
    }

    @Override
    public void process(Record<String, AdviceInput> record) {
        AdviceInput input = record.value();
        if (record.key() == null || input == null) {
            return;
        }
        if (input.isPlacement()) {
            if (input.placement() == null) {
                pods.delete(record.key());
            } else {
                pods.put(record.key(), input.placement());
            }
            return;
        }
        onVerdict(LocationKeys.location(record.key()), input.verdict());
    }

    private void onVerdict(String location, NodeVerdict verdict) {
        remember(location, verdict);
        if (!verdict.getInventoryKnown()) {
            maybeWithhold(verdict);
            return;
        }
        if (NodeHealthState.DEGRADED.name().equals(verdict.getState())) {
            pending.put(LocationKeys.key(location, verdict.getNode() + "/" + verdict.getWindowEnd()), verdict);
        }
        resolvePending(location, verdict.getWindowEnd());
        compareWithPeers(location, verdict);
    }

    private void remember(String location, NodeVerdict verdict) {
        String key = LocationKeys.key(location, verdict.getNode());
        NodeView view = nodes.get(key);
        List<NodeVerdict> history = view == null ? new ArrayList<>() : new ArrayList<>(view.getHistory());
        history.removeIf(old -> old.getWindowEnd() == verdict.getWindowEnd());
        history.add(verdict);
        history.sort((a, b) -> Long.compare(a.getWindowEnd(), b.getWindowEnd()));
        while (history.size() > config.historyWindows()) {
            history.remove(0);
        }
        nodes.put(key, new NodeView(verdict.getNode(), verdict.getUnschedulable(), history));
    }

    private void maybeWithhold(NodeVerdict verdict) {
        if (!NodeHealthState.DEGRADED.name().equals(verdict.getState())) {
            return;
        }
        String key = "withheld/" + verdict.getNode() + "/" + verdict.getSince();
        if (decided.get(key) != null) {
            return;
        }
        String reason = "DegradedNode advice withheld for node " + verdict.getNode() + ": no NodeInventory record on "
                + "edgeplane.cluster.nodes, so its location and the pods that could move are unknown.";
        log.warn("{} Window ended at {}", reason, verdict.getWindowEnd());
        decided.put(key, verdict.getWindowEnd());
        var audit = decisions.withheld(verdict, reason);
        context.forward(new Record<>(audit.getDecisionId(), audit, verdict.getWindowEnd()));
    }

    private void resolvePending(String location, long latestWindowEnd) {
        List<KeyValue<String, NodeVerdict>> ready = new ArrayList<>();
        try (KeyValueIterator<String, NodeVerdict> all = pending.prefixScan(LocationKeys.prefix(location), KEYS)) {
            all.forEachRemaining(entry -> {
                long end = entry.value.getWindowEnd();
                if (latestWindowEnd >= end + 2 * windowMs || allReported(location, end)) {
                    ready.add(entry);
                }
            });
        }
        for (KeyValue<String, NodeVerdict> entry : ready) {
            pending.delete(entry.key);
            decideDegraded(location, entry.value);
        }
    }

    private boolean allReported(String location, long windowEnd) {
        try (KeyValueIterator<String, NodeView> all = nodes.prefixScan(LocationKeys.prefix(location), KEYS)) {
            while (all.hasNext()) {
                NodeView view = all.next().value;
                if (at(view, windowEnd - windowMs) != null && at(view, windowEnd) == null) {
                    return false;
                }
            }
        }
        return true;
    }

    private void decideDegraded(String location, NodeVerdict from) {
        List<PodPlacement> onNode = podsOn(location, from.getNode(), true);
        if (onNode.isEmpty()) {
            return;
        }
        NodeVerdict target = bestHealthy(location, from);
        List<String> missing = new ArrayList<>(from.getMissingInputs());
        if (target == null) {
            missing.add("a HEALTHY schedulable node at location " + location + " with a verdict for the window ending "
                    + from.getWindowEnd());
        }
        for (PodPlacement pod : onNode) {
            emitOnce(pod, RescheduleStrategy.DEGRADED_NODE, from.getNode(), from.getSince(),
                    decisions.degraded(pod, from, target, missing));
        }
    }

    private NodeVerdict bestHealthy(String location, NodeVerdict from) {
        NodeVerdict best = null;
        try (KeyValueIterator<String, NodeView> all = nodes.prefixScan(LocationKeys.prefix(location), KEYS)) {
            while (all.hasNext()) {
                NodeView view = all.next().value;
                NodeVerdict candidate = at(view, from.getWindowEnd());
                if (view.getNode().equals(from.getNode()) || candidate == null || view.getUnschedulable()
                        || !NodeHealthState.HEALTHY.name().equals(candidate.getState()) || candidate.getScore() == null) {
                    continue;
                }
                if (best == null || candidate.getScore() > best.getScore()
                        || candidate.getScore().equals(best.getScore()) && candidate.getNode().compareTo(best.getNode()) < 0) {
                    best = candidate;
                }
            }
        }
        return best;
    }

    private void compareWithPeers(String location, NodeVerdict verdict) {
        List<NodeView> peers = new ArrayList<>();
        try (KeyValueIterator<String, NodeView> all = nodes.prefixScan(LocationKeys.prefix(location), KEYS)) {
            all.forEachRemaining(entry -> peers.add(entry.value));
        }
        NodeView self = nodes.get(LocationKeys.key(location, verdict.getNode()));
        for (NodeView peer : peers) {
            NodeVerdict other = at(peer, verdict.getWindowEnd());
            if (peer.getNode().equals(verdict.getNode()) || other == null) {
                continue;
            }
            comparePair(location, verdict, other, peer.getUnschedulable());
            comparePair(location, other, verdict, self.getUnschedulable());
        }
    }

    private void comparePair(String location, NodeVerdict from, NodeVerdict candidate, boolean candidateCordoned) {
        String key = LocationKeys.key(location, from.getNode() + "/" + candidate.getNode());
        boolean better = !candidateCordoned && candidate.getInventoryKnown()
                && NodeHealthState.HEALTHY.name().equals(candidate.getState())
                && from.getScore() != null && candidate.getScore() != null
                && candidate.getScore() >= from.getScore() + config.betterMarginPoints();
        BetterStreak streak = streaks.get(key);
        if (!better) {
            if (streak != null) {
                streaks.delete(key);
            }
            return;
        }
        if (streak == null || streak.getLastWindowEnd() != candidate.getWindowStart()) {
            streak = new BetterStreak(candidate.getWindowStart(), candidate.getWindowEnd(), 0.0, 0.0, false);
        }
        streak.setLastWindowEnd(candidate.getWindowEnd());
        streak.setFromScore(from.getScore());
        streak.setCandidateScore(candidate.getScore());
        if (!streak.getDecided() && streak.getLastWindowEnd() - streak.getSinceWindowStart() >= config.betterHold().toMillis()) {
            streak.setDecided(true);
            decideBetter(location, from, candidate, streak.getSinceWindowStart());
        }
        streaks.put(key, streak);
    }

    private void decideBetter(String location, NodeVerdict from, NodeVerdict candidate, long sinceMs) {
        List<String> missing = new ArrayList<>(from.getMissingInputs());
        candidate.getMissingInputs().stream().filter(m -> !missing.contains(m)).forEach(missing::add);
        missing.add(DecisionFactory.DEPENDENCIES_MISSING);
        for (PodPlacement pod : podsOn(location, from.getNode(), false)) {
            emitOnce(pod, RescheduleStrategy.BETTER_NODE, from.getNode(), sinceMs,
                    decisions.better(pod, from, candidate, sinceMs, missing));
        }
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

    /** Returns the running FogService pods bound to {@code node}, only critical ones when {@code criticalOnly}. */
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

    private static NodeVerdict at(NodeView view, long windowEnd) {
        for (NodeVerdict verdict : view.getHistory()) {
            if (verdict.getWindowEnd() == windowEnd) {
                return verdict;
            }
        }
        return null;
    }
}
