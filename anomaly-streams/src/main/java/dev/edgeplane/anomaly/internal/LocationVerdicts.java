package dev.edgeplane.anomaly.internal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiConsumer;

import dev.edgeplane.anomaly.internal.state.NodeVerdict;
import dev.edgeplane.anomaly.internal.state.NodeView;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The verdicts that placement advice keeps per node of a location: those of windows not resolved
 * yet, and the node's newest one, which shows how far the node got.
 *
 * <p>Each verdict is one entry of the location verdicts store, keyed
 * {@code location/node/windowEnd}, so that a new verdict costs one small store write however many
 * windows wait for the progress markers. A node's whole history as one store value cost a write of
 * every waiting verdict per new verdict, which dominated placement advice while a replay or a
 * backlog kept many windows waiting. The views are also kept in memory, loaded by {@link #load}, so
 * that reading a location costs neither deserialization nor a range scan. Used by one placement
 * advice task on its stream thread.
 */
final class LocationVerdicts {

    private final KeyValueStore<String, NodeVerdict> store;
    private final Map<String, TreeMap<String, NodeView>> byLocation = new HashMap<>();

    LocationVerdicts(KeyValueStore<String, NodeVerdict> store) {
        this.store = store;
    }

    /** Replaces the views in memory with the verdicts of the store. Call from the processor's init. */
    void load() {
        byLocation.clear();
        try (KeyValueIterator<String, NodeVerdict> all = store.all()) {
            all.forEachRemaining(entry -> insert(view(LocationKeys.location(entry.key), entry.value), entry.value));
        }
        // As in remember, the newest verdict sets whether the node is cordoned.
        byLocation.values().forEach(views -> views.values().forEach(view -> {
            List<NodeVerdict> history = view.getHistory();
            view.setUnschedulable(history.get(history.size() - 1).getUnschedulable());
        }));
    }

    /**
     * Adds {@code verdict} of a node of {@code location}, in place of one of the same window. Then
     * drops the node's verdicts of windows ending at or before {@code resolvedThrough} (null: none
     * resolved yet), except its newest.
     */
    void remember(String location, NodeVerdict verdict, Long resolvedThrough) {
        NodeView view = view(location, verdict);
        insert(view, verdict);
        view.setUnschedulable(verdict.getUnschedulable());
        store.put(key(location, verdict), verdict);

        List<NodeVerdict> history = view.getHistory();
        while (history.size() > 1 && resolvedThrough != null && history.get(0).getWindowEnd() <= resolvedThrough) {
            store.delete(key(location, history.remove(0)));
        }
    }

    /** Returns the views of the nodes of {@code location} by node name, unmodifiable; empty when none. */
    Map<String, NodeView> views(String location) {
        TreeMap<String, NodeView> views = byLocation.get(location);
        return views == null ? Map.of() : Collections.unmodifiableMap(views);
    }

    /** Calls {@code action} with each location and the newest window end of its nodes' verdicts. */
    void forEachNewestEnd(BiConsumer<String, Long> action) {
        byLocation.forEach((location, views) -> {
            long newest = Long.MIN_VALUE;
            for (NodeView view : views.values()) {
                List<NodeVerdict> history = view.getHistory();
                if (!history.isEmpty()) {
                    newest = Math.max(newest, history.get(history.size() - 1).getWindowEnd());
                }
            }
            if (newest != Long.MIN_VALUE) {
                action.accept(location, newest);
            }
        });
    }

    private NodeView view(String location, NodeVerdict verdict) {
        return byLocation.computeIfAbsent(location, unused -> new TreeMap<>())
                .computeIfAbsent(verdict.getNode(), node -> new NodeView(node, verdict.getUnschedulable(),
                        new ArrayList<>()));
    }

    /** Inserts {@code verdict} into the history of {@code view}, kept in order of window end. */
    private static void insert(NodeView view, NodeVerdict verdict) {
        List<NodeVerdict> history = view.getHistory();
        int at = history.size();
        // A node's verdicts arrive in order of window end, so the loop stops at once, except in load,
        // which reads the store in key order: "1000" sorts before "999".
        while (at > 0 && history.get(at - 1).getWindowEnd() >= verdict.getWindowEnd()) {
            at--;
        }
        if (at < history.size() && history.get(at).getWindowEnd() == verdict.getWindowEnd()) {
            history.set(at, verdict);
        } else {
            history.add(at, verdict);
        }
    }

    private static String key(String location, NodeVerdict verdict) {
        return LocationKeys.key(location, verdict.getNode() + "/" + verdict.getWindowEnd());
    }
}
