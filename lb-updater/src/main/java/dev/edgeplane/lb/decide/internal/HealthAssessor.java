package dev.edgeplane.lb.decide.internal;

import java.util.Arrays;
import java.util.List;

import dev.edgeplane.lb.decide.EndpointInput;
import dev.edgeplane.lb.decide.EndpointState;
import dev.edgeplane.lb.decide.ReplicaObservation;
import dev.edgeplane.lb.decide.WeightPlannerConfig;

/**
 * The client-independent steps of a plan: folds new observations into each endpoint's health,
 * ejects and readmits endpoints, decides which endpoints receive weight and how far each has
 * ramped, and fixes the cost inputs. Confined to the planner's thread.
 */
public final class HealthAssessor {

    private final WeightPlannerConfig config;
    private int[] candidates = new int[16];
    private double[] knownLatencies = new double[16];

    public HealthAssessor(WeightPlannerConfig config) {
        this.config = config;
    }

    /**
     * Assesses the endpoints of one service. Changes the health kept in {@code state}.
     *
     * @param rampOnJoin whether endpoints that become eligible ramp up; false on a service's
     *     first plan, when there is no traffic to protect
     */
    public ServiceAssessment assess(ServiceState state, List<EndpointInput> endpoints, PlanningContext context,
            boolean rampOnJoin, long nowMs) {
        int count = endpoints.size();
        ServiceAssessment result = new ServiceAssessment(count);
        if (candidates.length < count) {
            candidates = new int[count];
            knownLatencies = new double[count];
        }

        int readyCount = 0;
        int ejectedReady = 0;
        int candidateCount = 0;
        for (int i = 0; i < count; i++) {
            EndpointInput input = endpoints.get(i);
            EndpointHealth health = state.health(i);
            boolean ready = input.endpoint().ready();
            health.maybeReadmit(nowMs);
            boolean isNew = health.acceptObservation(input.observation(), config);

            ReplicaObservation fresh = health.freshObservation(nowMs, config.observationMaxAgeMs());
            boolean enoughSamples = fresh != null && fresh.sampleCount() >= config.observationMinSamples();
            if (ready) {
                readyCount++;
                if (health.isEjected(nowMs)) {
                    ejectedReady++;
                } else if (isNew && enoughSamples && health.observedSinceReadmission(fresh)) {
                    if (fresh.errorRate() >= config.ejectionErrorRate()) {
                        candidates[candidateCount++] = i;
                    } else if (fresh.errorRate() <= config.ejectionRecoveryErrorRate()) {
                        health.recordSuccess(config);
                    }
                }
            }

            result.errorRate[i] = enoughSamples ? fresh.errorRate() : 0.0;
            result.inFlight[i] = fresh == null ? 0.0 : fresh.inFlight();
            result.latencyMs[i] = health.freshLatencyEstimateMs(nowMs, config.observationMaxAgeMs());
            result.observed[i] = !Double.isNaN(result.latencyMs[i]);
            result.nodeIndex[i] = context.tableIndex(state.nodeId(i, input.endpoint(), context.nodeIds()));
        }

        int allowed = (int) Math.floor(config.ejectionMaxFraction() * readyCount) - ejectedReady;
        ejectWorst(state, result, candidateCount, allowed, nowMs);
        decideEligibility(state, endpoints, result, rampOnJoin, nowMs);
        fillNeutralLatency(result);
        for (int i = 0; i < count; i++) {
            result.multiplier[i] = 1.0 + config.errorPenalty() * result.errorRate[i];
        }
        return result;
    }

    /** Ejects the candidates with the highest error rates, as many as the ejection limit allows. */
    private void ejectWorst(ServiceState state, ServiceAssessment result, int candidateCount, int allowed,
            long nowMs) {
        // Insertion sort by error rate, highest first: candidates are few.
        for (int a = 1; a < candidateCount; a++) {
            int moving = candidates[a];
            int b = a - 1;
            while (b >= 0 && result.errorRate[candidates[b]] < result.errorRate[moving]) {
                candidates[b + 1] = candidates[b];
                b--;
            }
            candidates[b + 1] = moving;
        }
        for (int c = 0; c < Math.min(candidateCount, allowed); c++) {
            state.health(candidates[c]).eject(nowMs, config);
        }
    }

    private void decideEligibility(ServiceState state, List<EndpointInput> endpoints, ServiceAssessment result,
            boolean rampOnJoin, long nowMs) {
        int count = result.endpointCount;
        int eligibleCount = 0;
        int readyCount = 0;
        for (int i = 0; i < count; i++) {
            boolean ready = endpoints.get(i).endpoint().ready();
            readyCount += ready ? 1 : 0;
            if (ready && !state.health(i).isEjected(nowMs)) {
                result.eligible[eligibleCount++] = i;
            }
        }
        // Panic: with every ready endpoint ejected, sending traffic to them beats sending none.
        if (eligibleCount == 0 && readyCount > 0) {
            result.panic = true;
            for (int i = 0; i < count; i++) {
                if (endpoints.get(i).endpoint().ready()) {
                    result.eligible[eligibleCount++] = i;
                }
            }
        }
        result.eligibleCount = eligibleCount;

        int next = 0;
        for (int i = 0; i < count; i++) {
            EndpointHealth health = state.health(i);
            boolean eligible = next < eligibleCount && result.eligible[next] == i;
            if (eligible) {
                next++;
            }
            health.markEligible(eligible, rampOnJoin, nowMs);
            result.rampProgress[i] = eligible ? health.rampProgress(nowMs, config.rampDurationMs()) : 0.0;
            result.ejectedUntilMs[i] = health.isEjected(nowMs) ? health.ejectedUntilMs() : 0;
            result.backoffMs[i] = health.backoffMs();
            result.states[i] = stateOf(endpoints.get(i).endpoint().ready(), health.isEjected(nowMs),
                    result.rampProgress[i]);
        }
    }

    private static EndpointState stateOf(boolean ready, boolean ejected, double rampProgress) {
        if (!ready) {
            return EndpointState.NOT_READY;
        }
        if (ejected) {
            return EndpointState.EJECTED;
        }
        return rampProgress < 1.0 ? EndpointState.RAMPING : EndpointState.ACTIVE;
    }

    /**
     * Gives every unobserved endpoint the median latency of the observed eligible ones, so that an
     * endpoint without data is neither favoured nor starved; 0 when none is observed.
     */
    private void fillNeutralLatency(ServiceAssessment result) {
        int known = 0;
        for (int j = 0; j < result.eligibleCount; j++) {
            int i = result.eligible[j];
            if (result.observed[i]) {
                knownLatencies[known++] = result.latencyMs[i];
            }
        }
        double neutral = 0.0;
        if (known > 0) {
            Arrays.sort(knownLatencies, 0, known);
            neutral = known % 2 == 1
                    ? knownLatencies[known / 2]
                    : (knownLatencies[known / 2 - 1] + knownLatencies[known / 2]) / 2.0;
        }
        for (int i = 0; i < result.endpointCount; i++) {
            if (!result.observed[i]) {
                result.latencyMs[i] = neutral;
            }
        }
    }
}
