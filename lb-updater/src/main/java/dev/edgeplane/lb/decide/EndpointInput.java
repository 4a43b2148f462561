package dev.edgeplane.lb.decide;

import java.util.Objects;
import java.util.Optional;

/**
 * An endpoint with its latest replica observation.
 *
 * @param endpoint the endpoint
 * @param observation the latest observation of the endpoint's replica, or {@code null} when none
 *     has arrived yet
 */
public record EndpointInput(Endpoint endpoint, ReplicaObservation observation) {

    public EndpointInput {
        Objects.requireNonNull(endpoint, "endpoint");
    }

    /** Creates an input for an endpoint that has no observation yet. */
    public static EndpointInput unobserved(Endpoint endpoint) {
        return new EndpointInput(endpoint, null);
    }

    /** Returns the latest observation, empty when none has arrived. */
    public Optional<ReplicaObservation> latestObservation() {
        return Optional.ofNullable(observation);
    }
}
