package dev.edgeplane.lb.act.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import dev.edgeplane.event.lb.EndpointWeight;
import dev.edgeplane.event.lb.ServiceWeights;
import dev.edgeplane.lb.act.iptables.ServiceRules;
import org.junit.jupiter.api.Test;

/** One node's view of the weights topic: node filter, generations, tombstones, invalid sets. */
class NodeWeightsViewTest {

    private final NodeWeightsView view = new NodeWeightsView("edge-1");

    @Test
    void keepsSetsOfOwnNodeOnly() {
        assertThat(view.accept("city/web@edge-2", weights("edge-2", 1, "10.0.0.1:80", 1.0)))
                .isEqualTo(NodeWeightsView.Outcome.OTHER_NODE);
        assertThat(view.accept("city/web@edge-1", weights("edge-1", 1, "10.0.0.1:80", 1.0)))
                .isEqualTo(NodeWeightsView.Outcome.CHANGED);

        List<ServiceRules> desired = view.desired();
        assertThat(desired).hasSize(1);
        assertThat(desired.get(0).servicePort().service().name()).isEqualTo("web");
        assertThat(desired.get(0).endpoints().get(0).destination()).isEqualTo("10.0.0.1:80");
    }

    @Test
    void olderGenerationIsStale() {
        view.accept("city/web@edge-1", weights("edge-1", 5, "10.0.0.1:80", 1.0));

        assertThat(view.accept("city/web@edge-1", weights("edge-1", 4, "10.0.0.2:80", 1.0)))
                .isEqualTo(NodeWeightsView.Outcome.STALE);
        assertThat(view.accept("city/web@edge-1", weights("edge-1", 5, "10.0.0.2:80", 1.0)))
                .isEqualTo(NodeWeightsView.Outcome.STALE);
        assertThat(view.desired().get(0).endpoints().get(0).destination()).isEqualTo("10.0.0.1:80");
        assertThat(view.highestGeneration()).isEqualTo(5);
    }

    @Test
    void tombstoneRemovesService() {
        view.accept("city/web@edge-1", weights("edge-1", 5, "10.0.0.1:80", 1.0));

        assertThat(view.accept("city/web@edge-1", null)).isEqualTo(NodeWeightsView.Outcome.CHANGED);
        assertThat(view.desired()).isEmpty();
        assertThat(view.accept("city/web@edge-1", null)).isEqualTo(NodeWeightsView.Outcome.STALE);
    }

    @Test
    void invalidEndpointKeepsPreviousRules() {
        view.accept("city/web@edge-1", weights("edge-1", 1, "10.0.0.1:80", 1.0));

        assertThat(view.accept("city/web@edge-1", weights("edge-1", 2, "10.0.0.1", 1.0)))
                .isEqualTo(NodeWeightsView.Outcome.INVALID);
        assertThat(view.lastInvalidReason()).contains("10.0.0.1").contains("expected ip:port");
        assertThat(view.desired().get(0).endpoints().get(0).destination()).isEqualTo("10.0.0.1:80");
    }

    @Test
    void blankNodeIsRejected() {
        assertThatThrownBy(() -> new NodeWeightsView(" ")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Missing node");
    }

    /** Builds a set of one client node from endpoint and weight pairs. */
    static ServiceWeights weights(String node, long generation, Object... endpointsAndWeights) {
        List<EndpointWeight> endpoints = new ArrayList<>();
        for (int i = 0; i < endpointsAndWeights.length; i += 2) {
            double weight = (Double) endpointsAndWeights[i + 1];
            endpoints.add(EndpointWeight.newBuilder()
                    .setEndpoint((String) endpointsAndWeights[i]).setPod("web-" + i / 2).setNode("edge-1")
                    .setWeight(weight).setUnclampedWeight(weight).setErrorRatio(0.0).setInFlight(0.0)
                    .build());
        }
        return ServiceWeights.newBuilder()
                .setNamespace("city").setService("web").setClientNode(node).setGeneration(generation)
                .setComputedTime(Instant.ofEpochMilli(1_700_000_000_000L)).setPolicy("latency-aware")
                .setEndpoints(endpoints)
                .build();
    }
}
