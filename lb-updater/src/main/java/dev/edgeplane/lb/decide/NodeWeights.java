package dev.edgeplane.lb.decide;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.edgeplane.lb.decide.internal.ServiceAssessment;

/**
 * The weights of one service's endpoints as seen from one client node: the share of that node's
 * requests each endpoint should receive. A read-only view of a {@link ServicePlan}; cheap to
 * create and safe to share between threads.
 */
public final class NodeWeights {

    private final ServicePlan plan;
    private final int client;

    NodeWeights(ServicePlan plan, int client) {
        this.plan = plan;
        this.client = client;
    }

    public ServiceKey service() {
        return plan.service();
    }

    public long generation() {
        return plan.generation();
    }

    public String clientNode() {
        return plan.clientNodes().get(client);
    }

    /** Returns the number of endpoints, ready or not. */
    public int size() {
        return plan.endpointCount();
    }

    public Endpoint endpoint(int index) {
        return plan.endpoint(index);
    }

    /** Returns the share of requests for one endpoint, 0 to 1. */
    public double weight(int index) {
        return plan.weight(client, index);
    }

    /**
     * Returns the share of requests for the endpoint of one pod.
     *
     * @throws IllegalArgumentException if the service has no endpoint for the pod
     */
    public double weightOf(String pod) {
        for (int i = 0; i < size(); i++) {
            if (endpoint(i).pod().equals(pod)) {
                return weight(i);
            }
        }
        throw new IllegalArgumentException("Service " + plan.service() + " has no endpoint for pod '" + pod + "'");
    }

    /** Returns a copy of the shares, indexed like {@link ServicePlan#endpoints()}. */
    public double[] weights() {
        double[] copy = new double[size()];
        for (int i = 0; i < copy.length; i++) {
            copy[i] = weight(i);
        }
        return copy;
    }

    /** Returns the shares by pod name, in endpoint order. */
    public Map<String, Double> weightsByPod() {
        Map<String, Double> byPod = new LinkedHashMap<>();
        for (int i = 0; i < size(); i++) {
            byPod.put(endpoint(i).pod(), weight(i));
        }
        return byPod;
    }

    /** Returns whether no endpoint receives traffic, because none is ready. */
    public boolean isEmpty() {
        return plan.assessment().eligibleCount == 0;
    }

    /**
     * Returns the measured round-trip time from this node to an endpoint's node in milliseconds,
     * or NaN when the link is unmeasured or its value stale at planning time.
     */
    public double measuredRttMs(int index) {
        return plan.links().rttMs(plan.clientIndex(client), plan.assessment().nodeIndex[index], plan.plannedAtMs(),
                plan.costModel().rttMaxAgeMs());
    }

    /**
     * Returns the round-trip time the cost used for each endpoint, with unmeasured links filled as
     * the planner fills them; NaN for endpoints that receive no weight.
     */
    public double[] effectiveRttsMs() {
        ServiceAssessment assessment = plan.assessment();
        double[] compact = new double[assessment.eligibleCount];
        plan.costModel().effectiveRtts(plan.links(), plan.clientIndex(client), assessment.nodeIndex,
                assessment.eligible, assessment.eligibleCount, plan.plannedAtMs(), compact);
        double[] byEndpoint = new double[size()];
        Arrays.fill(byEndpoint, Double.NaN);
        for (int j = 0; j < compact.length; j++) {
            byEndpoint[assessment.eligible[j]] = compact[j];
        }
        return byEndpoint;
    }

    /**
     * Returns the shares the costs alone would give (1 / cost^k, normalised), before the floor,
     * the change limit and the ramp; 0 for endpoints that receive no weight.
     */
    public double[] unclampedWeights() {
        ServiceAssessment assessment = plan.assessment();
        double[] rtts = effectiveRttsMs();
        double[] raw = new double[size()];
        double sum = 0.0;
        for (int j = 0; j < assessment.eligibleCount; j++) {
            int i = assessment.eligible[j];
            raw[i] = plan.costModel().rawWeight(rtts[i], assessment.latencyMs[i], assessment.multiplier[i]);
            sum += raw[i];
        }
        for (int i = 0; i < raw.length && sum > 0.0; i++) {
            raw[i] /= sum;
        }
        return raw;
    }

    @Override
    public String toString() {
        return plan.service() + "@" + clientNode() + " generation " + plan.generation() + " " + weightsByPod();
    }
}
