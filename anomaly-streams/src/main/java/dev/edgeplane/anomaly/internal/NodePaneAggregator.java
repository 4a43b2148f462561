package dev.edgeplane.anomaly.internal;

import java.util.HashMap;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.TreeSet;

import dev.edgeplane.anomaly.internal.state.NodeWindow;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Folds node telemetry into tumbling panes of {@code window.pane.ms} per node and emits each pane as
 * a {@link ClosedNodePane} once stream time passes its end plus grace, followed by the sample that
 * moved stream time. Every sample is forwarded after it is counted, for the liveness checks of node
 * health.
 *
 * <p>This replaces a windowed aggregate with {@code suppress(untilWindowCloses)}, which had two
 * costs on every pane: the suppression buffer wrote each pane to its changelog twice (put and
 * delete), and the closed pane waited in the window store's record cache until the next commit.
 * Here a pane closes on the record that moves stream time past its end plus grace, inside the same
 * transaction, and node health can send its progress marker right after it.
 *
 * <p>State: one entry per node and open pane ({@code node/paneStart}, the pane's {@link NodeWindow})
 * in a logged, cached store, written on every sample and deleted when the pane closes, so that the
 * exactly-once changelog restores the open panes after a restart. The entries are mirrored in memory,
 * read once when the task starts, so a sample costs one store write and no read. Stream time is the
 * highest timestamp this task has seen since it started; the {@link TelemetryGate} in front keeps the
 * stored one and drops every record whose pane has closed. After a restart the first sample moves
 * stream time again, and every pane that was due before the restart was already closed and deleted.
 *
 * <p>Panes close in order of their end, and the panes of one end in order of node name, so a replay
 * of the same input emits the same sequence whatever the restarts were. One instance per task, on its
 * stream thread.
 */
public final class NodePaneAggregator implements Processor<String, Object, String, Object> {

    private static final char KEY_SEPARATOR = '/';

    private final String storeName;
    private final long paneMs;
    private final long graceMs;
    // Open panes by node and pane start; a node's map is removed when its last pane closes.
    private final Map<String, NavigableMap<Long, NodeWindow>> openPanes = new HashMap<>();
    // Nodes with an open pane, by pane end, so that closing takes the due ends in order.
    private final NavigableMap<Long, TreeSet<String>> nodesByPaneEnd = new TreeMap<>();

    private ProcessorContext<String, Object> context;
    private KeyValueStore<String, NodeWindow> store;
    private long streamTime = Long.MIN_VALUE;

    /**
     * @param storeName the store of open panes, keyed by {@code node/paneStart}
     * @param paneMs pane size in milliseconds
     * @param graceMs how long after its end a pane still accepts records, in milliseconds of stream time
     */
    public NodePaneAggregator(String storeName, long paneMs, long graceMs) {
        if (paneMs <= 0 || graceMs < 0) {
            throw new IllegalArgumentException("Invalid pane " + paneMs + " ms or grace " + graceMs
                    + " ms: the pane must be positive and the grace zero or more.");
        }
        this.storeName = storeName;
        this.paneMs = paneMs;
        this.graceMs = graceMs;
    }

    @Override
    public void init(ProcessorContext<String, Object> context) {
        this.context = context;
        this.store = context.getStateStore(storeName);
        openPanes.clear();
        nodesByPaneEnd.clear();
        streamTime = Long.MIN_VALUE;
        try (KeyValueIterator<String, NodeWindow> all = store.all()) {
            all.forEachRemaining(entry -> {
                int separator = entry.key.lastIndexOf(KEY_SEPARATOR);
                String node = entry.key.substring(0, separator);
                long start = Long.parseLong(entry.key.substring(separator + 1));
                track(node, start, entry.value);
            });
        }
    }

    @Override
    public void process(Record<String, Object> record) {
        String node = record.key();
        if (node == null) {
            return;
        }
        long timestamp = record.timestamp();
        long start = Math.floorDiv(timestamp, paneMs) * paneMs;
        NavigableMap<Long, NodeWindow> panes = openPanes.get(node);
        NodeWindow pane = panes == null ? null : panes.get(start);
        if (pane == null) {
            pane = NodeWindows.empty();
            track(node, start, pane);
        }
        store.put(key(node, start), NodeWindows.add(record.value(), pane));
        if (timestamp > streamTime) {
            streamTime = timestamp;
            closeDuePanes();
        }
        context.forward(record);
    }

    private void track(String node, long start, NodeWindow pane) {
        openPanes.computeIfAbsent(node, n -> new TreeMap<>()).put(start, pane);
        nodesByPaneEnd.computeIfAbsent(start + paneMs, end -> new TreeSet<>()).add(node);
    }

    /** Emits and forgets every open pane whose end plus grace is at or before stream time. */
    private void closeDuePanes() {
        while (!nodesByPaneEnd.isEmpty() && nodesByPaneEnd.firstKey() + graceMs <= streamTime) {
            Map.Entry<Long, TreeSet<String>> due = nodesByPaneEnd.pollFirstEntry();
            long end = due.getKey();
            long start = end - paneMs;
            for (String node : due.getValue()) {
                NavigableMap<Long, NodeWindow> panes = openPanes.get(node);
                NodeWindow pane = panes.remove(start);
                if (panes.isEmpty()) {
                    openPanes.remove(node);
                }
                store.delete(key(node, start));
                context.forward(new Record<>(node, new ClosedNodePane(start, end, pane), end - 1));
            }
        }
    }

    private static String key(String node, long paneStart) {
        return node + KEY_SEPARATOR + paneStart;
    }
}
