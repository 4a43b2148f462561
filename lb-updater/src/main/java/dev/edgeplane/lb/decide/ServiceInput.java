package dev.edgeplane.lb.decide;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Everything the planner needs about one service for one update: its endpoints, ready or not,
 * with their latest observations. Endpoints that have left the service are simply absent.
 *
 * @param service the service
 * @param endpoints the endpoints in the order the weights are reported; pod names are unique
 */
public record ServiceInput(ServiceKey service, List<EndpointInput> endpoints) {

    public ServiceInput {
        Objects.requireNonNull(service, "service");
        endpoints = List.copyOf(endpoints);
        Set<String> pods = new HashSet<>();
        for (EndpointInput input : endpoints) {
            if (!pods.add(input.endpoint().pod())) {
                throw new IllegalArgumentException("Invalid input for service " + service + ": pod "
                        + input.endpoint().pod() + " appears twice; pass each endpoint once");
            }
        }
    }
}
