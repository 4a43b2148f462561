package dev.edgeplane.lb.decide;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Small builders for planner inputs, so that each test states only what it varies. */
final class PlannerFixtures {

    static final ServiceKey WEB = new ServiceKey("default", "web");

    private PlannerFixtures() {
    }

    /**
     * Creates a planner with the default settings except a floor of 0.01, which keeps the
     * expected shares in the tests round, and the given key-value overrides.
     */
    static WeightPlanner planner(Object... keyValues) {
        Map<String, Object> settings = new HashMap<>();
        settings.put(WeightPlannerConfig.WEIGHT_FLOOR, 0.01);
        for (int i = 0; i < keyValues.length; i += 2) {
            settings.put((String) keyValues[i], keyValues[i + 1]);
        }
        return new WeightPlanner(WeightPlannerConfig.from(settings));
    }

    static Endpoint endpoint(String pod, String node) {
        return new Endpoint(pod, node, "10.0.0." + (Math.abs(pod.hashCode()) % 250 + 1), 8080, true);
    }

    static Endpoint notReady(String pod, String node) {
        return new Endpoint(pod, node, "10.0.0." + (Math.abs(pod.hashCode()) % 250 + 1), 8080, false);
    }

    /** Creates an observation of a replica that responds in {@code latencyMs} at p50 and p99, without errors. */
    static ReplicaObservation healthy(double latencyMs, long observedAtMs) {
        return new ReplicaObservation(latencyMs, latencyMs, 0.0, 0.0, 100, 1_000, observedAtMs);
    }

    static ReplicaObservation failing(double latencyMs, double errorRate, long observedAtMs) {
        return new ReplicaObservation(latencyMs, latencyMs, errorRate, 0.0, 100, 1_000, observedAtMs);
    }

    /** Creates a table with one client node, "node-a", and no measured links. */
    static LinkLatencyTable singleNode() {
        return LinkLatencyTable.builder().clientNode("node-a").build();
    }

    /** Collects endpoint inputs in order. */
    static final class Service {
        private final List<EndpointInput> inputs = new ArrayList<>();

        Service with(Endpoint endpoint, ReplicaObservation observation) {
            inputs.add(new EndpointInput(endpoint, observation));
            return this;
        }

        ServiceInput build() {
            return new ServiceInput(WEB, inputs);
        }
    }

    static Service service() {
        return new Service();
    }
}
