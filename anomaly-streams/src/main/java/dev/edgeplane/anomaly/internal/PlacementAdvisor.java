package dev.edgeplane.anomaly.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.Map;
import java.util.TreeMap;

import dev.edgeplane.anomaly.AnomalyConfig;
import dev.edgeplane.anomaly.StoreNames;
import dev.edgeplane.anomaly.internal.state.BetterStreak;
import dev.edgeplane.anomaly.internal.state.NodeVerdict;
import dev.edgeplane.anomaly.internal.state.NodeView;
import dev.edgeplane.event.cluster.NodeInventory;
import dev.edgeplane.event.cluster.PodPlacement;
import dev.edgeplane.event.decision.RescheduleStrategy;
import dev.edgeplane.event.state.NodeHealthState;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.TimestampedKeyValueStore;
import org.apache.kafka.streams.state.ValueAndTimestamp;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Placement advice for one location: DegradedNode and BetterNode decisions from node verdicts and
 * placements keyed by {@code location/...}.
 *
 * <p>Verdicts of the nodes of a location come from different upstream tasks, in an order that a
 * replay does not repeat. So the advisor resolves a location window by window, in order, and only
 * once every inventory node of the location has reported that window or a later one. A node that
 * has not reported a window {@code advice.wait.ms} of wall-clock time after the first node did no
 * longer delays the location, and a wall-clock punctuation retries waiting locations. Every
 * comparison then sees the same verdicts in every run, so decisions and ids repeat on replay as long
 * as each node's window arrives within that wait. One instance per task, on its stream thread.
 *
 * <p>NOTE: the wait is wall-clock time, and placements and verdicts come through two repartition
 * topics written by independent tasks, so a verdict can overtake a placement written just before it
 * and decide without that pod. Both make a replay differ from the first run when upstream tasks
 * interleave differently.
 */
public final class PlacementAdvisor implements Processor<String, AdviceInput, String, SpecificRecord> {

    private static final Logger log = LoggerFactory.getLogger(PlacementAdvisor.class);
    private static final StringSerializer KEYS = new StringSerializer();
    private static final String RESOLVED_PREFIX = "resolved/";

    private final AnomalyConfig config;
    private final DecisionFactory decisions;
    private final long windowMs;

    private ProcessorContext<String, SpecificRecord> context;
    private KeyValueStore<String, PodPlacement> pods;
    private KeyValueStore<String, NodeView> nodes;
    private KeyValueStore<String, BetterStreak> streaks;
    private KeyValueStore<String, Long> decided;
    private TimestampedKeyValueStore<String, NodeInventory> inventory;
    private DecisionEmitter emitter;

    // Wall-clock time at which the first verdict of a location window arrived, by location/windowEnd.
    // In memory only: after a restart the wait starts again, which only delays.
    private final Map<String, Long> firstSeenMs = new HashMap<>();
    private final Set<String> waiting = new HashSet<>();

    // Latest window end per node, by location, and the inventory nodes of each location, so that a
    // verdict costs a map lookup until its location has a window to resolve. Rebuilt after a restart.
    private final Map<String, Map<String, Long>> lastWindowEnds = new HashMap<>();
    private final Map<String, List<String>> members = new HashMap<>();
    private final Map<String, Long> membersReadMs = new HashMap<>();
    private final Map<String, Long> firstWindowEnds = new HashMap<>();

    public PlacementAdvisor(AnomalyConfig config) {
        this.config = config;
        this.decisions = new DecisionFactory(config);
        this.windowMs = config.verdictStepMs();
    }

    @Override
    public void init(ProcessorContext<String, SpecificRecord> context) {
        this.context = context;
        this.pods = context.getStateStore(StoreNames.LOCATION_PODS);
        this.nodes = context.getStateStore(StoreNames.LOCATION_NODES);
        this.streaks = context.getStateStore(StoreNames.BETTER_STREAKS);
        this.decided = context.getStateStore(StoreNames.DECIDED);
        this.inventory = context.getStateStore(StoreNames.NODE_INVENTORY);
        this.emitter = new DecisionEmitter(context, decided, pods);
        long interval = Math.max(100, Math.min(1_000, config.adviceWait().toMillis()));
        context.schedule(java.time.Duration.ofMillis(interval), PunctuationType.WALL_CLOCK_TIME, now -> {
            for (String location : new ArrayList<>(waiting)) {
                resolveReadyWindows(location);
            }
        });
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

        NodeVerdict verdict = input.verdict();
        String location = LocationKeys.location(record.key());
        remember(location, verdict);
        if (!verdict.getInventoryKnown()) {
            maybeWithhold(verdict);
            return;
        }
        resolveReadyWindows(location);
    }

    private void remember(String location, NodeVerdict verdict) {
        String key = LocationKeys.key(location, verdict.getNode());
        NodeView view = nodes.get(key);
        List<NodeVerdict> history = view == null ? new ArrayList<>() : new ArrayList<>(view.getHistory());
        history.removeIf(old -> old.getWindowEnd() == verdict.getWindowEnd());
        history.add(verdict);
        history.sort((a, b) -> Long.compare(a.getWindowEnd(), b.getWindowEnd()));
        Long resolved = decided.get(RESOLVED_PREFIX + location);
        // Resolved windows are no longer needed, but the newest verdict shows how far the node got.
        while (history.size() > 1 && resolved != null && history.get(0).getWindowEnd() <= resolved) {
            history.remove(0);
        }
        firstSeenMs.putIfAbsent(location + "/" + verdict.getWindowEnd(), context.currentSystemTimeMs());
        lastWindowEnds.computeIfAbsent(location, l -> new HashMap<>())
                .merge(verdict.getNode(), verdict.getWindowEnd(), Math::max);
        firstWindowEnds.merge(location, verdict.getWindowEnd(), Math::min);
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

    private void resolveReadyWindows(String location) {
        Map<String, Long> lasts = lastWindowEnds.get(location);
        if (lasts == null || lasts.isEmpty()) {
            return;
        }
        long latest = lasts.values().stream().mapToLong(Long::longValue).max().getAsLong();
        Long resolved = decided.get(RESOLVED_PREFIX + location);
        List<String> nodesOfLocation = inventoryNodes(location);
        long next = resolved == null ? firstStoredWindowEnd(location, nodesOfLocation) : resolved + windowMs;
        Map<String, NodeView> views = null;
        while (next <= latest && ready(location, nodesOfLocation, lasts, next)) {
            if (views == null) {
                views = viewsOf(location);
            }
            resolveWindow(location, views, next);
            decided.put(RESOLVED_PREFIX + location, next);
            firstSeenMs.remove(location + "/" + next);
            next += windowMs;
        }
        if (next <= latest) {
            waiting.add(location);
        } else {
            waiting.remove(location);
        }
    }

    private boolean ready(String location, List<String> nodesOfLocation, Map<String, Long> lasts, long windowEnd) {
        long now = context.currentSystemTimeMs();
        Long first = firstSeenMs.putIfAbsent(location + "/" + windowEnd, now);
        boolean others = now - (first == null ? now : first) >= config.adviceWait().toMillis();
        for (String node : nodesOfLocation) {
            Long last = lasts.computeIfAbsent(node, n -> storedLastWindowEnd(location, n));
            if ((last == null || last < windowEnd) && !others) {
                return false;
            }
        }
        return true;
    }

    private void resolveWindow(String location, Map<String, NodeView> views, long windowEnd) {
        Map<String, NodeVerdict> atWindow = new TreeMap<>();
        Map<String, Boolean> cordoned = new TreeMap<>();
        views.forEach((node, view) -> {
            NodeVerdict verdict = at(view, windowEnd);
            if (verdict != null) {
                atWindow.put(node, verdict);
                cordoned.put(node, view.getUnschedulable());
            }
        });

        for (NodeVerdict verdict : atWindow.values()) {
            if (NodeHealthState.DEGRADED.name().equals(verdict.getState())) {
                NodeVerdict target = bestHealthy(atWindow, cordoned, verdict.getNode());
                emitter.degraded(location, verdict, target, decisions);
            }
        }
        for (NodeVerdict from : atWindow.values()) {
            compareWithPeers(location, from, atWindow, cordoned);
        }
    }

    private void compareWithPeers(String location, NodeVerdict from, Map<String, NodeVerdict> atWindow,
            Map<String, Boolean> cordoned) {
        NodeVerdict chosen = null;
        long chosenSince = 0;
        List<BetterStreak> reached = new ArrayList<>();
        List<String> reachedKeys = new ArrayList<>();
        for (NodeVerdict candidate : atWindow.values()) {
            if (candidate.getNode().equals(from.getNode())) {
                continue;
            }
            String key = LocationKeys.key(location, from.getNode() + "/" + candidate.getNode());
            BetterStreak streak = updateStreak(key, from, candidate, cordoned.get(candidate.getNode()));
            if (streak == null || streak.getDecided()
                    || streak.getLastWindowEnd() - streak.getSinceWindowStart() < config.betterHold().toMillis()) {
                continue;
            }
            reached.add(streak);
            reachedKeys.add(key);
            if (chosen == null || candidate.getScore() > chosen.getScore()) {
                chosen = candidate;
                chosenSince = streak.getSinceWindowStart();
            }
        }
        if (chosen == null) {
            return;
        }
        // One decision per pod and run: the other candidates that reached the hold are spent as well.
        for (int i = 0; i < reached.size(); i++) {
            reached.get(i).setDecided(true);
            streaks.put(reachedKeys.get(i), reached.get(i));
        }
        emitter.better(location, from, chosen, chosenSince, decisions);
    }

    /** Extends, starts or ends the run of {@code candidate} over {@code from}; returns it, or null when ended. */
    private BetterStreak updateStreak(String key, NodeVerdict from, NodeVerdict candidate, boolean candidateCordoned) {
        boolean better = !candidateCordoned && candidate.getInventoryKnown()
                && NodeHealthState.HEALTHY.name().equals(candidate.getState())
                && from.getScore() != null && candidate.getScore() != null
                && candidate.getScore() >= from.getScore() + config.betterMarginPoints();
        BetterStreak streak = streaks.get(key);
        if (!better) {
            if (streak != null) {
                streaks.delete(key);
            }
            return null;
        }
        // With panes the candidate's judged windows overlap, so a run goes on while they leave no gap in event time.
        if (streak == null || candidate.getWindowStart() > streak.getLastWindowEnd()) {
            streak = new BetterStreak(candidate.getWindowStart(), candidate.getWindowEnd(), 0.0, 0.0, false);
        }
        streak.setLastWindowEnd(candidate.getWindowEnd());
        streak.setFromScore(from.getScore());
        streak.setCandidateScore(candidate.getScore());
        streaks.put(key, streak);
        return streak;
    }

    private static NodeVerdict bestHealthy(Map<String, NodeVerdict> atWindow, Map<String, Boolean> cordoned,
            String exclude) {
        NodeVerdict best = null;
        for (NodeVerdict candidate : atWindow.values()) {
            if (candidate.getNode().equals(exclude) || cordoned.get(candidate.getNode())
                    || !NodeHealthState.HEALTHY.name().equals(candidate.getState()) || candidate.getScore() == null) {
                continue;
            }
            if (best == null || candidate.getScore() > best.getScore()) {
                best = candidate;
            }
        }
        return best;
    }

    private Map<String, NodeView> viewsOf(String location) {
        Map<String, NodeView> views = new TreeMap<>();
        try (KeyValueIterator<String, NodeView> all = nodes.prefixScan(LocationKeys.prefix(location), KEYS)) {
            all.forEachRemaining(entry -> views.put(entry.value.getNode(), entry.value));
        }
        return views;
    }

    private List<String> inventoryNodes(String location) {
        long now = context.currentSystemTimeMs();
        Long readMs = membersReadMs.get(location);
        if (readMs != null && now - readMs < 1_000) {
            return members.get(location);
        }
        List<String> found = readInventoryNodes(location);
        members.put(location, found);
        membersReadMs.put(location, now);
        return found;
    }

    private List<String> readInventoryNodes(String location) {
        List<String> members = new ArrayList<>();
        try (KeyValueIterator<String, ValueAndTimestamp<NodeInventory>> all = inventory.all()) {
            all.forEachRemaining(entry -> {
                NodeInventory node = entry.value == null ? null : entry.value.value();
                if (node != null && location.equals(node.getLocation() == null ? "" : node.getLocation())) {
                    members.add(entry.key);
                }
            });
        }
        return members;
    }

    /**
     * Returns the newest window a node reported, from the store. The in-memory map of newest windows
     * starts empty after a restart, while the verdicts a node sent before it are only in the store.
     */
    private Long storedLastWindowEnd(String location, String node) {
        NodeView view = nodes.get(LocationKeys.key(location, node));
        return view == null || view.getHistory().isEmpty() ? null : last(view);
    }

    /** Returns the first window of a location that was never resolved, counting stored verdicts too. */
    private long firstStoredWindowEnd(String location, List<String> nodesOfLocation) {
        long first = firstWindowEnds.get(location);
        for (String node : nodesOfLocation) {
            NodeView view = nodes.get(LocationKeys.key(location, node));
            if (view != null && !view.getHistory().isEmpty()) {
                first = Math.min(first, view.getHistory().get(0).getWindowEnd());
            }
        }
        return first;
    }

    private static long last(NodeView view) {
        return view.getHistory().get(view.getHistory().size() - 1).getWindowEnd();
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
