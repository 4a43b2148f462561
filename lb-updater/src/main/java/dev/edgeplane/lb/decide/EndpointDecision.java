package dev.edgeplane.lb.decide;

/**
 * The planner's decision about one endpoint of a service in one plan, with the inputs it used.
 * The same for every client node; the per-node weights are in {@link NodeWeights}.
 *
 * @param endpoint the endpoint
 * @param state how the endpoint was treated
 * @param latencyMs response-time input of the cost in milliseconds: the endpoint's own peak-EWMA
 *     estimate when {@code observed}, else the neutral value given to unobserved endpoints
 * @param observed whether {@code latencyMs} comes from a fresh observation of this endpoint
 * @param errorRate error-rate input of the cost, 0 to 1: the observation's own, or that of the
 *     pooled small observations when they reached the sample minimum in this plan; 0 when the
 *     observation is stale or has too few requests otherwise
 * @param inFlight in-flight input of the cost; 0 when the observation is stale
 * @param rampProgress how far the endpoint has ramped, 0 to 1; 1 when it is not ramping
 * @param ejectedUntilMs end of the current ejection in milliseconds since the Unix epoch, 0 when
 *     the endpoint is not ejected
 * @param backoffMs the back-off the endpoint carries; the next ejection lasts this long times the
 *     multiplier, and 0 means it has no ejection history
 */
public record EndpointDecision(
        Endpoint endpoint,
        EndpointState state,
        double latencyMs,
        boolean observed,
        double errorRate,
        double inFlight,
        double rampProgress,
        long ejectedUntilMs,
        long backoffMs) {
}
