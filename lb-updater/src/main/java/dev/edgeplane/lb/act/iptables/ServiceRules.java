package dev.edgeplane.lb.act.iptables;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import dev.edgeplane.lb.decide.Endpoint;
import dev.edgeplane.lb.decide.NodeWeights;

/**
 * The weighted endpoints of one service port on one node, the input for one Edgeplane chain.
 *
 * @param servicePort the service port
 * @param endpoints endpoints in rule order; endpoints with weight 0 get no rule
 */
public record ServiceRules(ServicePort servicePort, List<WeightedEndpoint> endpoints) {

    public ServiceRules {
        Objects.requireNonNull(servicePort, "servicePort");
        endpoints = List.copyOf(endpoints);
        double sum = 0.0;
        for (WeightedEndpoint endpoint : endpoints) {
            sum += endpoint.weight();
        }
        if (!endpoints.isEmpty() && sum > 0.0 && Math.abs(sum - 1.0) > 1e-9) {
            throw new IllegalArgumentException("Invalid weights for " + servicePort + ": they sum to " + sum
                    + " instead of 1");
        }
    }

    /**
     * Takes a planned node's weights for one service port. The endpoints' own ports are the DNAT
     * targets.
     */
    public static ServiceRules of(ServicePort servicePort, NodeWeights weights) {
        List<WeightedEndpoint> endpoints = new ArrayList<>(weights.size());
        for (int i = 0; i < weights.size(); i++) {
            Endpoint endpoint = weights.endpoint(i);
            endpoints.add(new WeightedEndpoint(endpoint.pod(), endpoint.ip(), endpoint.port(), weights.weight(i)));
        }
        return new ServiceRules(servicePort, endpoints);
    }

    /** Returns whether no endpoint has weight, so the service keeps kube-proxy's own rules. */
    public boolean isEmpty() {
        for (WeightedEndpoint endpoint : endpoints) {
            if (endpoint.weight() > 0.0) {
                return false;
            }
        }
        return true;
    }
}
