package dev.edgeplane.lb.decide;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import dev.edgeplane.lb.decide.internal.CostModel;
import dev.edgeplane.lb.decide.internal.ServiceAssessment;

/**
 * The weights of one service for every client node, with the per-endpoint decisions and inputs
 * that produced them. Immutable once returned by {@link WeightPlanner#plan}, so it may be handed
 * to other threads (the weights API, an applier) without copying.
 */
public final class ServicePlan {

    private final ServiceKey service;
    private final long generation;
    private final long plannedAtMs;
    private final List<EndpointInput> inputs;
    private List<Endpoint> endpoints;
    private final ServiceAssessment assessment;
    private final LinkLatencyTable links;
    private final CostModel costModel;
    private final List<String> clientNodes;
    private final double[] weights;
    private List<EndpointDecision> decisions;

    ServicePlan(ServiceKey service, long generation, long plannedAtMs, List<EndpointInput> inputs,
            ServiceAssessment assessment, LinkLatencyTable links, CostModel costModel, double[] weights) {
        this.service = service;
        this.generation = generation;
        this.plannedAtMs = plannedAtMs;
        this.inputs = inputs;
        this.assessment = assessment;
        this.links = links;
        this.costModel = costModel;
        this.clientNodes = links.clientNodes();
        this.weights = weights;
    }

    /**
     * Builds the plan that a restart reads back: the published shares and generation, with no
     * observations behind them. An endpoint that some client node weighted is {@link
     * EndpointState#RAMPING} when its set marked it as ramping, else {@link EndpointState#RESTORED}.
     * The other endpoints are {@link EndpointState#RESTORED} with weight 0. The link table contains the client nodes and no
     * probe, so a measured round-trip time is NaN, or 0 ms from a node to itself.
     */
    static ServicePlan restored(RestoredWeights restored, CostModel costModel, double[] weights) {
        List<Endpoint> endpoints = restored.endpoints();
        LinkLatencyTable.Builder table = LinkLatencyTable.builder().clientNodes(restored.weightsByNode().keySet());
        List<EndpointInput> inputs = new ArrayList<>(endpoints.size());
        for (Endpoint endpoint : endpoints) {
            inputs.add(EndpointInput.unobserved(endpoint));
        }
        LinkLatencyTable links = table.build();

        EndpointState[] states = new EndpointState[endpoints.size()];
        boolean[] eligible = new boolean[endpoints.size()];
        int[] nodeIndex = new int[endpoints.size()];
        for (int i = 0; i < states.length; i++) {
            eligible[i] = restored.weighted(i);
            boolean ramping = eligible[i] && restored.rampingPods().contains(endpoints.get(i).pod());
            states[i] = ramping ? EndpointState.RAMPING : EndpointState.RESTORED;
            nodeIndex[i] = links.indexOf(endpoints.get(i).node());
        }
        ServiceAssessment assessment = ServiceAssessment.restored(states, eligible, nodeIndex);
        return new ServicePlan(restored.service(), restored.generation(), restored.plannedAtMs(), inputs, assessment,
                links, costModel, weights);
    }

    public ServiceKey service() {
        return service;
    }

    /** Returns the generation: 1 for a service's first plan, one more for each later plan. */
    public long generation() {
        return generation;
    }

    /** Returns the planning time in milliseconds since the Unix epoch. */
    public long plannedAtMs() {
        return plannedAtMs;
    }

    /** Returns the endpoints in input order; weights are indexed the same way. */
    public synchronized List<Endpoint> endpoints() {
        if (endpoints == null) {
            List<Endpoint> built = new ArrayList<>(inputs.size());
            for (EndpointInput input : inputs) {
                built.add(input.endpoint());
            }
            endpoints = Collections.unmodifiableList(built);
        }
        return endpoints;
    }

    /** Returns the number of endpoints, ready or not. */
    public int endpointCount() {
        return inputs.size();
    }

    /** Returns one endpoint by its index in input order. */
    public Endpoint endpoint(int index) {
        return inputs.get(index).endpoint();
    }

    /** Returns whether every ready endpoint was ejected, so that the ejected endpoints carry the traffic. */
    public boolean panic() {
        return assessment.panic;
    }

    /** Returns the decision and inputs for each endpoint, in input order. */
    public synchronized List<EndpointDecision> decisions() {
        if (decisions == null) {
            List<EndpointDecision> built = new ArrayList<>(inputs.size());
            for (int i = 0; i < inputs.size(); i++) {
                built.add(new EndpointDecision(endpoint(i), assessment.states[i], assessment.latencyMs[i],
                        assessment.observed[i], assessment.errorRate[i], assessment.inFlight[i],
                        assessment.rampProgress[i], assessment.ejectedUntilMs[i], assessment.backoffMs[i]));
            }
            decisions = Collections.unmodifiableList(built);
        }
        return decisions;
    }

    /** Returns the client nodes the plan covers, in the order of the link-latency table. */
    public List<String> clientNodes() {
        return clientNodes;
    }

    /** Returns the weights for every client node, in {@link #clientNodes()} order. */
    public List<NodeWeights> nodeWeights() {
        List<NodeWeights> all = new ArrayList<>(clientNodes.size());
        for (int k = 0; k < clientNodes.size(); k++) {
            all.add(new NodeWeights(this, k));
        }
        return all;
    }

    /**
     * Returns the weights for one client node.
     *
     * @throws IllegalArgumentException if the plan does not cover the node
     */
    public NodeWeights forNode(String clientNode) {
        int position = clientNodes.indexOf(clientNode);
        if (position < 0) {
            throw new IllegalArgumentException("Service " + service + " has no weights for node '" + clientNode
                    + "': the plan covers " + clientNodes);
        }
        return new NodeWeights(this, position);
    }

    double weight(int client, int endpoint) {
        return weights[client * inputs.size() + endpoint];
    }

    ServiceAssessment assessment() {
        return assessment;
    }

    LinkLatencyTable links() {
        return links;
    }

    CostModel costModel() {
        return costModel;
    }

    int clientIndex(int client) {
        return links.indexOf(clientNodes.get(client));
    }
}
