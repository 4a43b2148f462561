package dev.edgeplane.lb.decide.internal;

import java.util.Arrays;
import java.util.List;

import dev.edgeplane.lb.decide.LinkLatencyTable;

/**
 * The data every plan of one planning cycle shares. It contains the client nodes of the
 * link-latency table with their stable ids and rows, and the round-trip times the costs use as a
 * client-by-node matrix (measured plus weighted jitter, NaN where unmeasured or stale). It also
 * maps every node the planner has seen to its table index. Built once per table and planning
 * time, so a cycle pays for hash lookups and staleness checks once instead of once per plan.
 * Confined to the planner's thread.
 */
public final class PlanningContext {

    private static final int UNRESOLVED = -2;

    private final LinkLatencyTable links;
    private final long nowMs;
    private final int[] clientIds;
    private final int[] rowById;
    private final double[] effectiveRtt;
    private final boolean[] rowComplete;
    private final int nodeCount;
    private final NameIds nodeIds;
    private int[] tableIndexById = new int[0];

    public PlanningContext(LinkLatencyTable links, long nowMs, CostModel costModel, NameIds clients, NameIds nodes) {
        this.links = links;
        this.nowMs = nowMs;
        this.nodeIds = nodes;
        this.nodeCount = links.nodeCount();
        List<String> clientNodes = links.clientNodes();
        int rows = clientNodes.size();

        clientIds = new int[rows];
        int maxId = -1;
        for (int k = 0; k < rows; k++) {
            clientIds[k] = clients.idOf(clientNodes.get(k));
            maxId = Math.max(maxId, clientIds[k]);
        }
        rowById = new int[maxId + 1];
        Arrays.fill(rowById, -1);
        for (int k = 0; k < rows; k++) {
            rowById[clientIds[k]] = k;
        }

        effectiveRtt = new double[rows * nodeCount];
        rowComplete = new boolean[rows];
        for (int k = 0; k < rows; k++) {
            int from = links.indexOf(clientNodes.get(k));
            boolean complete = true;
            for (int to = 0; to < nodeCount; to++) {
                double rtt = costModel.effectiveRtt(links, from, to, nowMs);
                effectiveRtt[k * nodeCount + to] = rtt;
                complete &= !Double.isNaN(rtt);
            }
            rowComplete[k] = complete;
        }
    }

    /**
     * Returns whether a client row has a usable round-trip time to every node of the table, so
     * that no endpoint on a table node needs the fill for unknown links.
     */
    public boolean rowComplete(int row) {
        return rowComplete[row];
    }

    /** Returns whether this context was built for the given table and time. */
    public boolean isFor(LinkLatencyTable table, long time) {
        return table == links && time == nowMs;
    }

    public LinkLatencyTable links() {
        return links;
    }

    public int rows() {
        return clientIds.length;
    }

    public int clientId(int row) {
        return clientIds[row];
    }

    /** Returns the row of each client id in this context, -1 for ids it lacks; do not modify. */
    public int[] rowById() {
        return rowById;
    }

    /** Returns the planner-wide ids of node names. */
    public NameIds nodeIds() {
        return nodeIds;
    }

    /** Returns the table index of a node by its planner-wide id, -1 when the table lacks it. */
    public int tableIndex(int nodeId) {
        if (nodeId >= tableIndexById.length) {
            int oldLength = tableIndexById.length;
            tableIndexById = Arrays.copyOf(tableIndexById, Math.max(nodeId + 1, oldLength * 2));
            Arrays.fill(tableIndexById, oldLength, tableIndexById.length, UNRESOLVED);
        }
        int index = tableIndexById[nodeId];
        if (index == UNRESOLVED) {
            index = links.indexOf(nodeIds.nameOf(nodeId));
            tableIndexById[nodeId] = index;
        }
        return index;
    }

    /** Returns the row-major client-by-node matrix of effective round-trip times; do not modify. */
    public double[] effectiveRtts() {
        return effectiveRtt;
    }

    /** Returns the number of table nodes, the length of one row of {@link #effectiveRtts()}. */
    public int nodeCount() {
        return nodeCount;
    }

    /** Returns the effective round-trip time from a client row to a table node, NaN if unknown. */
    public double effectiveRtt(int row, int tableIndex) {
        return tableIndex < 0 ? Double.NaN : effectiveRtt[row * nodeCount + tableIndex];
    }
}
