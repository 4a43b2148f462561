package dev.edgeplane.lb.act.node;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.edgeplane.event.lb.EndpointWeight;
import dev.edgeplane.event.lb.ServiceWeights;
import dev.edgeplane.lb.act.iptables.Protocol;
import dev.edgeplane.lb.act.iptables.ServicePort;
import dev.edgeplane.lb.act.iptables.ServiceRules;
import dev.edgeplane.lb.act.iptables.WeightedEndpoint;
import dev.edgeplane.lb.decide.ServiceKey;

/**
 * One node's latest weights from {@code edgeplane.lb.weights}: the set of each service for this
 * client node, with sets for other nodes ignored, older generations dropped and tombstones
 * honoured. Not thread-safe: the node applier's loop thread owns it.
 */
public final class NodeWeightsView {

    /** What {@link #accept} did with a record. */
    public enum Outcome {
        /** The record changed this node's desired rules. */
        CHANGED,
        /** The record is for another client node. */
        OTHER_NODE,
        /** The record's generation is not newer than the one kept for its service. */
        STALE,
        /** The record holds an endpoint the rules cannot express; the service keeps its previous rules. */
        INVALID
    }

    /** A service's kept rules and the generation they came from. */
    private record Kept(long generation, ServiceRules rules) {
    }

    private final String node;
    private final String keySuffix;
    private final Map<String, Kept> byKey = new HashMap<>();
    private String lastInvalidReason;

    public NodeWeightsView(String node) {
        if (node == null || node.isBlank()) {
            throw new IllegalArgumentException("Missing node: the node applier needs the name of the node it runs on");
        }
        this.node = node;
        this.keySuffix = "@" + node;
    }

    /** Returns whether a record key names a set for this node, {@code namespace/service@node}. */
    public boolean isForNode(String key) {
        return key.endsWith(keySuffix);
    }

    /**
     * Takes one record of the weights topic.
     *
     * @param key the record key, {@code namespace/service@node}
     * @param value the weights, or null for a tombstone, which removes the service's rules
     * @return what happened; on {@link Outcome#INVALID}, {@link #lastInvalidReason()} says why
     */
    public Outcome accept(String key, ServiceWeights value) {
        if (!isForNode(key)) {
            return Outcome.OTHER_NODE;
        }
        if (value == null) {
            return byKey.remove(key) == null ? Outcome.STALE : Outcome.CHANGED;
        }
        if (!node.equals(value.getClientNode())) {
            return Outcome.OTHER_NODE;
        }
        Kept kept = byKey.get(key);
        if (kept != null && kept.generation() >= value.getGeneration()) {
            return Outcome.STALE;
        }
        try {
            byKey.put(key, new Kept(value.getGeneration(), toRules(value)));
        } catch (IllegalArgumentException e) {
            lastInvalidReason = e.getMessage();
            return Outcome.INVALID;
        }
        return Outcome.CHANGED;
    }

    /** Returns why the latest {@link Outcome#INVALID} record was rejected, null if none was. */
    public String lastInvalidReason() {
        return lastInvalidReason;
    }

    /** Returns the rules this node should have, one entry per service, ordered by service. */
    public List<ServiceRules> desired() {
        List<ServiceRules> rules = new ArrayList<>(byKey.size());
        for (Kept kept : byKey.values()) {
            rules.add(kept.rules());
        }
        rules.sort(Comparator.comparing(r -> r.servicePort().toString()));
        return rules;
    }

    /**
     * Converts one weight set.
     *
     * <p>NOTE: weight sets name no service port, so each covers only the service's single, unnamed
     * TCP port, as the updater assumes too.
     */
    private static ServiceRules toRules(ServiceWeights set) {
        List<WeightedEndpoint> endpoints = new ArrayList<>(set.getEndpoints().size());
        for (EndpointWeight endpoint : set.getEndpoints()) {
            endpoints.add(toWeighted(set, endpoint));
        }
        ServicePort port = new ServicePort(new ServiceKey(set.getNamespace(), set.getService()), "", Protocol.TCP);
        return new ServiceRules(port, endpoints);
    }

    /** Returns the number of services with weights for this node. */
    public int serviceCount() {
        return byKey.size();
    }

    /** Returns the highest generation among the kept sets, 0 when none. */
    public long highestGeneration() {
        return byKey.values().stream().mapToLong(Kept::generation).max().orElse(0);
    }

    private static WeightedEndpoint toWeighted(ServiceWeights set, EndpointWeight endpoint) {
        String address = endpoint.getEndpoint();
        int colon = address.lastIndexOf(':');
        if (colon <= 0 || colon == address.length() - 1) {
            throw new IllegalArgumentException("Invalid endpoint " + address + " of pod " + endpoint.getPod() + " in the"
                    + " weights of " + set.getNamespace() + "/" + set.getService() + ": expected ip:port");
        }
        int port;
        try {
            port = Integer.parseInt(address.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Invalid port in endpoint " + address + " of pod " + endpoint.getPod()
                    + ": expected ip:port", e);
        }
        return new WeightedEndpoint(endpoint.getPod(), address.substring(0, colon), port, endpoint.getWeight());
    }
}
