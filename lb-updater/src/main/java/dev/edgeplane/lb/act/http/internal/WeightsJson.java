package dev.edgeplane.lb.act.http.internal;

import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.edgeplane.lb.decide.Endpoint;
import dev.edgeplane.lb.decide.EndpointDecision;
import dev.edgeplane.lb.decide.NodeWeights;
import dev.edgeplane.lb.decide.ServicePlan;

/**
 * The JSON documents of the weights API. Thread-safe: Jackson's ObjectMapper is, once configured.
 *
 * <p>A service document carries the plan's generation, each endpoint's state and inputs, and per
 * client node the weight of each endpoint by address, which is what a proxy needs.
 */
public final class WeightsJson {

    private final ObjectMapper mapper = new ObjectMapper();

    /**
     * Returns a service document.
     *
     * @param node the only client node to include, or null for every node of the plan
     */
    public ObjectNode service(ServicePlan plan, String node) {
        ObjectNode json = mapper.createObjectNode()
                .put("namespace", plan.service().namespace())
                .put("service", plan.service().name())
                .put("generation", plan.generation())
                .put("plannedAtMs", plan.plannedAtMs())
                .put("panic", plan.panic());

        ArrayNode endpoints = json.putArray("endpoints");
        for (EndpointDecision decision : plan.decisions()) {
            Endpoint endpoint = decision.endpoint();
            ObjectNode item = endpoints.addObject()
                    .put("pod", endpoint.pod())
                    .put("node", endpoint.node())
                    .put("address", endpoint.address())
                    .put("ready", endpoint.ready())
                    .put("state", decision.state().name())
                    .put("observed", decision.observed())
                    .put("errorRate", decision.errorRate())
                    .put("inFlight", decision.inFlight())
                    .put("rampProgress", decision.rampProgress())
                    .put("ejectedUntilMs", decision.ejectedUntilMs())
                    .put("backoffMs", decision.backoffMs());
            putFinite(item, "latencyMs", decision.latencyMs());
        }

        ObjectNode nodes = json.putObject("nodes");
        for (NodeWeights weights : plan.nodeWeights()) {
            if (node != null && !node.equals(weights.clientNode())) {
                continue;
            }
            ArrayNode byEndpoint = nodes.putArray(weights.clientNode());
            for (int i = 0; i < weights.size(); i++) {
                byEndpoint.addObject()
                        .put("pod", weights.endpoint(i).pod())
                        .put("address", weights.endpoint(i).address())
                        .put("weight", weights.weight(i));
            }
        }
        return json;
    }

    /** Returns the document listing several services. */
    public byte[] services(List<ServicePlan> plans, String node) {
        ObjectNode json = mapper.createObjectNode();
        ArrayNode services = json.putArray("services");
        for (ServicePlan plan : plans) {
            services.add(service(plan, node));
        }
        return bytes(json);
    }

    /** Returns an error document, {@code {"error": message}}. */
    public byte[] error(String message) {
        return bytes(mapper.createObjectNode().put("error", message));
    }

    public byte[] bytes(ObjectNode json) {
        try {
            return mapper.writeValueAsBytes(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Failed to write a JSON tree of strings and numbers, which Jackson always can", e);
        }
    }

    /** JSON has no NaN or infinity, so a value without a number is written as null. */
    private static void putFinite(ObjectNode json, String field, double value) {
        if (Double.isFinite(value)) {
            json.put(field, value);
        } else {
            json.putNull(field);
        }
    }
}
