package dev.edgeplane.lb.decide.internal;

import dev.edgeplane.lb.decide.ReplicaObservation;
import dev.edgeplane.lb.decide.WeightPlannerConfig;

/**
 * The planner's memory of one endpoint between plans: its peak-EWMA latency estimate,
 * its ejection and back-off, and its ramp. Shared by every client node, because these depend on
 * the replica alone. Mutable and confined to the planner's thread.
 */
public final class EndpointHealth {

    static final long NEVER = Long.MIN_VALUE;

    private double latencyEstimateMs = Double.NaN;
    private long latencySampleAtMs = NEVER;
    private long lastObservedAtMs = NEVER;
    private ReplicaObservation lastObservation;
    private double lastSampleMs = Double.NaN;

    private long ejectedUntilMs = NEVER;
    private long backoffMs;
    private long readmittedAtMs = NEVER;
    private double pooledRequests;
    private double pooledErrors;
    private long pooledAtMs = NEVER;

    private boolean eligibleInLastPlan;
    private long rampStartMs = NEVER;

    /**
     * Folds an observation into the latency estimate if it is newer than the last one seen. The
     * sample is the percentile blend, raised to the Little's-law latency where {@link
     * #littleLawApplies} allows. An observation without measured percentiles and without a
     * Little's-law latency, such as one whose requests all failed without a response, has none. A sample above the estimate replaces it at once. A lower one pulls it down with weight
     * 1 - exp(-dt / decay), where dt is the time since the previous sample.
     *
     * @return whether the observation was new
     */
    public boolean acceptObservation(ReplicaObservation observation, WeightPlannerConfig config) {
        if (observation == null || observation.observedAtMs() <= lastObservedAtMs) {
            return false;
        }
        lastObservedAtMs = observation.observedAtMs();
        lastObservation = observation;
        lastSampleMs = Double.NaN;
        boolean little = observation.inFlight() > 0.0 && littleLawApplies(observation, config);
        if (!observation.latencyMeasured() && !little) {
            return true;
        }

        double sample = 0.0;
        if (observation.latencyMeasured()) {
            sample = observation.p50Ms() + config.latencyTailWeight() * (observation.p99Ms() - observation.p50Ms());
        }
        if (little) {
            sample = Math.max(sample, observation.littleLatencyMs());
        }
        lastSampleMs = sample;
        if (Double.isNaN(latencyEstimateMs) || sample >= latencyEstimateMs) {
            latencyEstimateMs = sample;
        } else {
            double elapsedMs = observation.observedAtMs() - latencySampleAtMs;
            double keep = Math.exp(-elapsedMs / config.latencyDecayMs());
            latencyEstimateMs = sample + (latencyEstimateMs - sample) * keep;
        }
        latencySampleAtMs = observation.observedAtMs();
        return true;
    }

    /**
     * Returns whether an observation contains enough requests for its Little's-law latency (mean
     * requests in flight times window length divided by completed requests). One request caught in
     * flight at the window's edge adds a whole window divided by the completed requests, however
     * fast the replica responds: 500 ms for 4 requests in a 2 s window. An agent that reads the
     * in-flight count as it sends a probe reports such a request in every window, so at probe
     * rates the term would hide every replica's own latency. The term therefore needs the evidence
     * of a first latency ejection: completed requests plus requests in flight of at least {@code
     * lb.observation.min.samples}. A window in which no request completed is the exception,
     * because there the requests in flight are the only sign of a stall.
     */
    static boolean littleLawApplies(ReplicaObservation observation, WeightPlannerConfig config) {
        return observation.sampleCount() == 0
                || observation.sampleCount() + observation.inFlight() >= config.observationMinSamples();
    }

    /**
     * Returns the latency sample of the latest observation in milliseconds, NaN when it had no
     * completed and no in-flight requests.
     */
    public double lastSampleMs() {
        return lastSampleMs;
    }

    /**
     * Returns whether the endpoint was ejected before and observed success has not yet cleared its
     * back-off, so that it is still on probation.
     */
    public boolean onProbation() {
        return backoffMs > 0;
    }

    /**
     * Adds an observation to the requests and errors pooled since the last error judgement. A
     * window may hold fewer requests than a judgement needs, the more so the shorter the windows
     * and the lower the endpoint's share, and the pool judges such windows together once they
     * reach that count. A pool whose last observation is older than {@code maxAgeMs} before this
     * one starts over, so that evidence from before a silence is not mixed in.
     */
    public void poolErrorEvidence(ReplicaObservation observation, long maxAgeMs) {
        if (pooledAtMs != NEVER && observation.observedAtMs() - pooledAtMs > maxAgeMs) {
            clearPooledEvidence();
        }
        pooledAtMs = observation.observedAtMs();
        pooledRequests += observation.sampleCount();
        pooledErrors += observation.errorRate() * observation.sampleCount();
    }

    /** Returns the completed requests pooled since the last error judgement. */
    public double pooledRequests() {
        return pooledRequests;
    }

    /** Returns the error rate of the pooled requests, 0 when none are pooled. */
    public double pooledErrorRate() {
        return pooledRequests > 0 ? pooledErrors / pooledRequests : 0.0;
    }

    /** Empties the pool, after a judgement, so that the next one rests on new requests only. */
    public void clearPooledEvidence() {
        pooledRequests = 0.0;
        pooledErrors = 0.0;
        pooledAtMs = NEVER;
    }

    /** Returns the latest observation, null before the first. */
    public ReplicaObservation lastObservation() {
        return lastObservation;
    }

    /** Returns the latest observation if it is at most {@code maxAgeMs} old, else null. */
    public ReplicaObservation freshObservation(long nowMs, long maxAgeMs) {
        if (lastObservation == null || nowMs - lastObservedAtMs > maxAgeMs) {
            return null;
        }
        return lastObservation;
    }

    /** Returns the latency estimate in milliseconds if the latest observation is fresh, else NaN. */
    public double freshLatencyEstimateMs(long nowMs, long maxAgeMs) {
        return freshObservation(nowMs, maxAgeMs) == null ? Double.NaN : latencyEstimateMs;
    }

    /**
     * Ends the ejection if its back-off has run out. The endpoint counts as readmitted now, since
     * its traffic resumes with this plan, and its ramp starts over even if a panic let it carry
     * traffic while ejected.
     */
    public void maybeReadmit(long nowMs) {
        if (ejectedUntilMs != NEVER && nowMs >= ejectedUntilMs) {
            ejectedUntilMs = NEVER;
            readmittedAtMs = nowMs;
            rampStartMs = nowMs;
            clearPooledEvidence();
        }
    }

    public boolean isEjected(long nowMs) {
        return ejectedUntilMs != NEVER && nowMs < ejectedUntilMs;
    }

    /**
     * Returns whether an observation may judge the endpoint's errors: an observation made before
     * the latest readmission still shows the failures that caused the ejection.
     */
    public boolean observedSinceReadmission(ReplicaObservation observation) {
        return observation.observedAtMs() > readmittedAtMs;
    }

    /**
     * Ejects the endpoint. The first ejection lasts the initial back-off. Each later one lasts the
     * previous back-off times the multiplier, up to the maximum, unless observed success has
     * cleared the back-off in between.
     */
    public void eject(long nowMs, WeightPlannerConfig config) {
        if (backoffMs == 0) {
            backoffMs = config.ejectionBackoffInitialMs();
        } else {
            double grown = Math.ceil(backoffMs * config.ejectionBackoffMultiplier());
            backoffMs = (long) Math.min(config.ejectionBackoffMaxMs(), grown);
        }
        ejectedUntilMs = nowMs + backoffMs;
    }

    /** Shrinks the back-off after an observed success; below the initial back-off it is cleared. */
    public void recordSuccess(WeightPlannerConfig config) {
        if (backoffMs == 0) {
            return;
        }
        long shrunk = (long) Math.floor(backoffMs / config.ejectionBackoffMultiplier());
        backoffMs = shrunk < config.ejectionBackoffInitialMs() ? 0 : shrunk;
    }

    /**
     * Records whether the endpoint is eligible in this plan and starts its ramp when it becomes
     * eligible, unless {@code rampOnJoin} is false (the first plan of a service has no traffic
     * to protect).
     */
    public void markEligible(boolean eligible, boolean rampOnJoin, long nowMs) {
        if (eligible && !eligibleInLastPlan && rampOnJoin) {
            rampStartMs = nowMs;
        }
        eligibleInLastPlan = eligible;
    }

    /** Marks the endpoint as eligible in the previous plan, for state restored after a restart. */
    public void restoreEligible() {
        eligibleInLastPlan = true;
    }

    /** Returns how far the ramp has gone, 0 to 1; 1 when the endpoint is not ramping. */
    public double rampProgress(long nowMs, long rampDurationMs) {
        if (rampStartMs == NEVER || rampDurationMs == 0) {
            return 1.0;
        }
        double progress = (double) (nowMs - rampStartMs) / rampDurationMs;
        return Math.max(0.0, Math.min(1.0, progress));
    }

    public long ejectedUntilMs() {
        return ejectedUntilMs == NEVER ? 0 : ejectedUntilMs;
    }

    public long backoffMs() {
        return backoffMs;
    }
}
