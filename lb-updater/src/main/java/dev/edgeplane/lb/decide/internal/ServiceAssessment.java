package dev.edgeplane.lb.decide.internal;

import dev.edgeplane.lb.decide.EndpointState;

/**
 * The client-independent part of one plan: per endpoint, its state, cost inputs and node index.
 * Built once per plan by {@link HealthAssessor}, read by every client node's weight computation,
 * and kept by the published plan. Not changed after {@link HealthAssessor#assess} returns; the
 * arrays are exposed for speed and callers must not write to them.
 */
public final class ServiceAssessment {

    public final int endpointCount;
    public final EndpointState[] states;
    public final double[] latencyMs;
    public final boolean[] observed;
    public final double[] errorRate;
    public final double[] inFlight;
    public final double[] multiplier;
    public final double[] rampProgress;
    public final long[] ejectedUntilMs;
    public final long[] backoffMs;
    public final int[] nodeIndex;
    /** Indexes of the endpoints that receive weight, in endpoint order. */
    public final int[] eligible;
    public int eligibleCount;
    /** Whether every ready endpoint is ejected, so that the ejected ones share the traffic. */
    public boolean panic;

    /**
     * Returns the assessment of a plan read back after a restart, which has no observations:
     * latency NaN, error rate and in-flight requests 0, each endpoint in the given state, and the
     * endpoints marked in {@code eligible} receiving weight. A ramping endpoint's progress is 0.
     *
     * @param nodeIndex each endpoint's node index in the plan's link table
     */
    public static ServiceAssessment restored(EndpointState[] states, boolean[] eligible, int[] nodeIndex) {
        ServiceAssessment assessment = new ServiceAssessment(states.length);
        for (int i = 0; i < states.length; i++) {
            assessment.states[i] = states[i];
            assessment.latencyMs[i] = Double.NaN;
            assessment.multiplier[i] = 1.0;
            // How far a restored ramp had gone is not published, so it counts as just started.
            assessment.rampProgress[i] = eligible[i] && states[i] != EndpointState.RAMPING ? 1.0 : 0.0;
            assessment.nodeIndex[i] = nodeIndex[i];
            if (eligible[i]) {
                assessment.eligible[assessment.eligibleCount++] = i;
            }
        }
        return assessment;
    }

    ServiceAssessment(int endpointCount) {
        this.endpointCount = endpointCount;
        this.states = new EndpointState[endpointCount];
        this.latencyMs = new double[endpointCount];
        this.observed = new boolean[endpointCount];
        this.errorRate = new double[endpointCount];
        this.inFlight = new double[endpointCount];
        this.multiplier = new double[endpointCount];
        this.rampProgress = new double[endpointCount];
        this.ejectedUntilMs = new long[endpointCount];
        this.backoffMs = new long[endpointCount];
        this.nodeIndex = new int[endpointCount];
        this.eligible = new int[endpointCount];
    }
}
