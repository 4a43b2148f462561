package dev.edgeplane.demo.load;

import java.util.Optional;

import dev.edgeplane.event.lb.ServiceWeights;

/** The current load-balancing weights of a service as seen from one client node. Thread-safe. */
@FunctionalInterface
public interface WeightsSource {

    /** Returns the latest weights of {@code namespace/service} for clients on {@code clientNode}, empty when none exist. */
    Optional<ServiceWeights> weightsFor(String namespace, String service, String clientNode);
}
