package dev.edgeplane.anomaly.internal;

import java.util.ArrayList;
import java.util.List;

import dev.edgeplane.anomaly.internal.state.NodePane;
import dev.edgeplane.anomaly.internal.state.NodeWindow;

/**
 * The node window judged when a pane closes: the node's closed panes within {@code windowSizeMs}
 * before the pane's end, merged into one aggregate.
 *
 * <p>The window ends at the closed pane's end. It starts {@code windowSizeMs} earlier, or at the
 * node's oldest kept pane when that is later, so a node's first verdicts cover only the panes it
 * sent. Panes without telemetry were never emitted and are absent. Stateless.
 *
 * @param start start of the judged window, inclusive, in milliseconds since the epoch
 * @param end end of the judged window, exclusive, in milliseconds since the epoch
 * @param window merged aggregate of {@code panes}
 * @param panes the panes to keep in the node health store for the next judgement, oldest first
 */
public record JudgedWindow(long start, long end, NodeWindow window, List<NodePane> panes) {

    /**
     * Adds {@code closed} to the {@code stored} panes (oldest first), drops the panes that start
     * before the window start, and merges the rest. {@code stored} is left unchanged.
     */
    public static JudgedWindow of(List<NodePane> stored, NodePane closed, long windowSizeMs) {
        long windowStart = closed.getEnd() - windowSizeMs;
        List<NodePane> panes = new ArrayList<>(stored.size() + 1);
        for (NodePane pane : stored) {
            // The pane aggregator closes a node's panes in time order, so every stored pane ends
            // before the closed one starts.
            if (pane.getStart() >= windowStart && pane.getEnd() <= closed.getStart()) {
                panes.add(pane);
            }
        }
        panes.add(closed);

        List<NodeWindow> windows = new ArrayList<>(panes.size());
        panes.forEach(pane -> windows.add(pane.getWindow()));
        long start = Math.max(windowStart, panes.get(0).getStart());
        return new JudgedWindow(start, closed.getEnd(), NodeWindows.merge(windows), panes);
    }
}
