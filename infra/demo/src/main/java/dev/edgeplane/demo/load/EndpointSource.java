package dev.edgeplane.demo.load;

import java.util.List;

import dev.edgeplane.demo.replica.Replica;
import dev.edgeplane.demo.replica.ReplicaFleet;

/** The ready endpoints of a service, {@code ip:port}, for the uniform fallback. Thread-safe. */
@FunctionalInterface
public interface EndpointSource {

    List<String> readyEndpoints(String namespace, String service);

    /** Returns the ready replicas of {@code fleet} as the endpoint source. */
    static EndpointSource of(ReplicaFleet fleet) {
        return (namespace, service) -> fleet.replicasOf(namespace, service).stream()
                .filter(Replica::ready)
                .map(Replica::endpoint)
                .sorted()
                .toList();
    }
}
