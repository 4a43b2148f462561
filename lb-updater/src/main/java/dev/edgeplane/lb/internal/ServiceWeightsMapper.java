package dev.edgeplane.lb.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import dev.edgeplane.event.lb.EndpointWeight;
import dev.edgeplane.event.lb.ServiceWeights;
import dev.edgeplane.lb.decide.EndpointDecision;
import dev.edgeplane.lb.decide.EndpointState;
import dev.edgeplane.lb.decide.NodeWeights;
import dev.edgeplane.lb.decide.ServicePlan;
import dev.edgeplane.lb.observe.ObservedState;

/** Turns one client node's weights of a plan into a {@link ServiceWeights} event. */
public final class ServiceWeightsMapper {

    /** Policy name written into every event; the planner has no other policy yet. */
    public static final String POLICY = "latency-aware";

    private ServiceWeightsMapper() {
    }

    /** Returns the record key, {@code namespace/service@node}. */
    public static String key(NodeWeights weights) {
        return weights.service() + "@" + weights.clientNode();
    }

    /**
     * Builds the event of one client node. The p95 input is the one of the score the plan used,
     * looked up in {@code state}; the error rate and in-flight inputs are the planner's own.
     */
    public static ServiceWeights toEvent(ServicePlan plan, NodeWeights weights, ObservedState state) {
        List<EndpointDecision> decisions = plan.decisions();
        double[] unclamped = weights.unclampedWeights();
        List<EndpointWeight> endpoints = new ArrayList<>(weights.size());
        for (int i = 0; i < weights.size(); i++) {
            EndpointDecision decision = decisions.get(i);
            ObservedState.Scored scored = state.score(plan.service().namespace(), decision.endpoint().pod());
            double rttMs = weights.measuredRttMs(i);
            endpoints.add(EndpointWeight.newBuilder()
                    .setEndpoint(decision.endpoint().address())
                    .setPod(decision.endpoint().pod())
                    .setNode(decision.endpoint().node())
                    .setWeight(weights.weight(i))
                    .setUnclampedWeight(unclamped[i])
                    .setLatencyP95Ms(scored == null ? null : scored.score().getLatencyP95Ms())
                    .setErrorRatio(decision.errorRate())
                    .setInFlight(decision.inFlight())
                    .setNetworkRttMicros(Double.isNaN(rttMs) ? null : rttMs * 1000.0)
                    .setRampingUp(decision.state() == EndpointState.RAMPING)
                    .build());
        }
        return ServiceWeights.newBuilder()
                .setNamespace(plan.service().namespace())
                .setService(plan.service().name())
                .setClientNode(weights.clientNode())
                .setGeneration(plan.generation())
                .setComputedTime(Instant.ofEpochMilli(plan.plannedAtMs()))
                .setPolicy(POLICY)
                .setEndpoints(endpoints)
                .build();
    }
}
