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
    private int[] errorCandidates = new int[16];
    private int[] slowCandidates = new int[16];
    private double[] slowness = new double[16];
    private boolean[] newObservation = new boolean[16];
    private boolean[] enoughSamples = new boolean[16];
    private boolean[] ready = new boolean[16];
    private ReplicaObservation[] fresh = new ReplicaObservation[16];
    private double[] referenceLatencies = new double[16];
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
        if (errorCandidates.length < count) {
            errorCandidates = new int[count];
            slowCandidates = new int[count];
            slowness = new double[count];
            newObservation = new boolean[count];
            enoughSamples = new boolean[count];
            ready = new boolean[count];
            fresh = new ReplicaObservation[count];
            referenceLatencies = new double[count];
            knownLatencies = new double[count];
        }

        int readyCount = 0;
        int ejectedReady = 0;
        for (int i = 0; i < count; i++) {
            EndpointInput input = endpoints.get(i);
            EndpointHealth health = state.health(i);
            health.maybeReadmit(nowMs);
            newObservation[i] = health.acceptObservation(input.observation(), config);

            ReplicaObservation observation = health.freshObservation(nowMs, config.observationMaxAgeMs());
            fresh[i] = observation;
            enoughSamples[i] = observation != null && observation.sampleCount() >= config.observationMinSamples();
            ready[i] = input.endpoint().ready();
            if (ready[i]) {
                readyCount++;
                ejectedReady += health.isEjected(nowMs) ? 1 : 0;
            }

            result.errorRate[i] = enoughSamples[i] ? observation.errorRate() : 0.0;
            result.inFlight[i] = observation == null ? 0.0 : observation.inFlight();
            result.latencyMs[i] = health.freshLatencyEstimateMs(nowMs, config.observationMaxAgeMs());
            result.observed[i] = !Double.isNaN(result.latencyMs[i]);
            result.nodeIndex[i] = context.tableIndex(state.nodeId(i, input.endpoint(), context.nodeIds()));
        }

        int errorCount = 0;
        int slowCount = 0;
        int referenceCount = collectReferenceLatencies(state, result, nowMs);
        for (int i = 0; i < count; i++) {
            EndpointHealth health = state.health(i);
            if (!ready[i] || health.isEjected(nowMs) || !newObservation[i] || fresh[i] == null
                    || !health.observedSinceReadmission(fresh[i])) {
                continue;
            }
            health.poolErrorEvidence(fresh[i], config.observationMaxAgeMs());
            boolean judged = enoughSamples[i];
            if (!judged && health.pooledRequests() >= config.observationMinSamples()) {
                judged = true;
                result.errorRate[i] = health.pooledErrorRate();
            }
            if (judged) {
                health.clearPooledEvidence();
            }
            boolean slow = isLatencyOutlier(i, health, result.latencyMs[i], referenceCount);
            if (judged && result.errorRate[i] >= config.ejectionErrorRate()) {
                errorCandidates[errorCount++] = i;
            } else if (slow) {
                slowCandidates[slowCount++] = i;
            } else if (judged && result.errorRate[i] <= config.ejectionRecoveryErrorRate()) {
                health.recordSuccess(config);
            }
        }

        int allowed = (int) Math.floor(config.ejectionMaxFraction() * readyCount) - ejectedReady;
        allowed -= ejectWorst(state, errorCandidates, errorCount, result.errorRate, allowed, nowMs, config);
        ejectWorst(state, slowCandidates, slowCount, slowness, allowed, nowMs, config);
        decideEligibility(state, result, rampOnJoin, nowMs);
        fillNeutralLatency(result);
        for (int i = 0; i < count; i++) {
            result.multiplier[i] = 1.0 + config.errorPenalty() * result.errorRate[i];
        }
        // The scratch array must not keep a cycle's observations alive until the next plan.
        Arrays.fill(fresh, 0, count, null);
        return result;
    }

    /**
     * Sorts the latency estimates of the ready, observed endpoints that are not ejected into
     * {@code referenceLatencies}, the peers a latency outlier is judged against.
     *
     * @return how many there are
     */
    private int collectReferenceLatencies(ServiceState state, ServiceAssessment result, long nowMs) {
        int referenceCount = 0;
        for (int i = 0; i < result.endpointCount; i++) {
            if (ready[i] && !state.health(i).isEjected(nowMs) && result.observed[i]) {
                referenceLatencies[referenceCount++] = result.latencyMs[i];
            }
        }
        Arrays.sort(referenceLatencies, 0, referenceCount);
        return referenceCount;
    }

    /**
     * Returns whether an endpoint's latest sample is at least the latency factor times the median
     * estimate of its peers and exceeds it by the minimum excess, and records the ratio in
     * {@code slowness} for ranking. A first ejection needs an observation whose completed requests
     * plus mean requests in flight reach the sample minimum. Requests in flight count because a
     * replica that stalls completes almost nothing in its first slow window while requests pile
     * up, and waiting for them to complete leaves it at the floor until they return. An endpoint on
     * probation needs only an observation with requests, because a still-slow endpoint at its
     * floor share completes too few requests per window to ever reach the sample minimum.
     *
     * @param i the endpoint's index
     * @param ownEstimateMs the endpoint's own entry among the sorted reference latencies, left out
     *     of its peers' median
     */
    private boolean isLatencyOutlier(int i, EndpointHealth health, double ownEstimateMs, int referenceCount) {
        double factor = config.ejectionLatencyFactor();
        double sample = health.lastSampleMs();
        if (factor == 0.0 || Double.isNaN(sample) || !(enoughLatencyEvidence(i, health) || health.onProbation())) {
            return false;
        }
        // The peers' median is at least the smallest reference latency, so this rules out almost
        // every endpoint without the search for its own entry.
        if (referenceCount == 0 || sample < factor * referenceLatencies[0]) {
            return false;
        }
        double peerMedian = medianWithout(referenceLatencies, referenceCount, ownEstimateMs);
        if (!(peerMedian > 0.0) || sample < factor * peerMedian
                || sample - peerMedian < config.ejectionLatencyMinExcessMs()) {
            return false;
        }
        slowness[i] = sample / peerMedian;
        return true;
    }

    private boolean enoughLatencyEvidence(int i, EndpointHealth health) {
        ReplicaObservation last = health.lastObservation();
        return enoughSamples[i] || last.sampleCount() + last.inFlight() >= config.observationMinSamples();
    }

    /**
     * Returns the median of {@code sorted[0..count)} with one entry equal to {@code left} removed
     * (none when no entry equals it, as for an unobserved endpoint), NaN when no entry remains.
     */
    static double medianWithout(double[] sorted, int count, double left) {
        int skip = Double.isNaN(left) ? -1 : Arrays.binarySearch(sorted, 0, count, left);
        int remaining = skip < 0 ? count : count - 1;
        if (remaining == 0) {
            return Double.NaN;
        }
        double upper = remainingAt(sorted, skip, remaining / 2);
        return remaining % 2 == 1 ? upper : (remainingAt(sorted, skip, remaining / 2 - 1) + upper) / 2.0;
    }

    private static double remainingAt(double[] sorted, int skip, int index) {
        return skip >= 0 && index >= skip ? sorted[index + 1] : sorted[index];
    }

    /**
     * Ejects the candidates with the highest {@code severity}, as many as {@code allowed}.
     *
     * @return how many were ejected
     */
    private static int ejectWorst(ServiceState state, int[] candidates, int candidateCount, double[] severity,
            int allowed, long nowMs, WeightPlannerConfig config) {
        // Insertion sort, highest first: candidates are few.
        for (int a = 1; a < candidateCount; a++) {
            int moving = candidates[a];
            int b = a - 1;
            while (b >= 0 && severity[candidates[b]] < severity[moving]) {
                candidates[b + 1] = candidates[b];
                b--;
            }
            candidates[b + 1] = moving;
        }
        int ejected = Math.max(0, Math.min(candidateCount, allowed));
        for (int c = 0; c < ejected; c++) {
            state.health(candidates[c]).eject(nowMs, config);
        }
        return ejected;
    }

    private void decideEligibility(ServiceState state, ServiceAssessment result, boolean rampOnJoin, long nowMs) {
        int count = result.endpointCount;
        int eligibleCount = 0;
        int readyCount = 0;
        for (int i = 0; i < count; i++) {
            readyCount += ready[i] ? 1 : 0;
            if (ready[i] && !state.health(i).isEjected(nowMs)) {
                result.eligible[eligibleCount++] = i;
            }
        }
        // Panic: with every ready endpoint ejected, sending traffic to them beats sending none.
        if (eligibleCount == 0 && readyCount > 0) {
            result.panic = true;
            for (int i = 0; i < count; i++) {
                if (ready[i]) {
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
            result.states[i] = stateOf(ready[i], health.isEjected(nowMs),
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
