package dev.edgeplane.lb.bench;

import java.util.List;

/**
 * One evaluation scenario: replicas with their phases, client nodes, the network between them and
 * the request rate, plus the replica and time window the report looks at closely.
 *
 * @param name short name used in the report's keys
 * @param description one sentence for the report
 * @param durationMs simulated time over which requests arrive
 * @param requestsPerSecond mean arrival rate over all client nodes (Poisson arrivals)
 * @param clientNodes nodes that send requests, each sending the same share
 * @param replicas the service's replicas
 * @param links round-trip times from client nodes to replica nodes
 * @param focusReplica index of the replica the report follows
 * @param focus window in which the report measures that replica's share
 * @param focusLabel what the focus window is, for the report
 */
public record Scenario(
        String name,
        String description,
        long durationMs,
        double requestsPerSecond,
        List<String> clientNodes,
        List<ReplicaSpec> replicas,
        LinkModel links,
        int focusReplica,
        Window focus,
        String focusLabel) {

    public Scenario {
        clientNodes = List.copyOf(clientNodes);
        replicas = List.copyOf(replicas);
        if (focusReplica < 0 || focusReplica >= replicas.size()) {
            throw new IllegalArgumentException("Invalid scenario " + name + ": focus replica " + focusReplica
                    + " is not one of its " + replicas.size() + " replicas");
        }
    }
}
