package dev.edgeplane.lb.act.iptables;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.edgeplane.lb.decide.Endpoint;
import dev.edgeplane.lb.decide.EndpointInput;
import dev.edgeplane.lb.decide.LinkLatencyTable;
import dev.edgeplane.lb.decide.NodeWeights;
import dev.edgeplane.lb.decide.ReplicaObservation;
import dev.edgeplane.lb.decide.ServiceInput;
import dev.edgeplane.lb.decide.ServicePlan;
import dev.edgeplane.lb.decide.WeightPlanner;
import dev.edgeplane.lb.decide.WeightPlannerConfig;
import org.junit.jupiter.api.Test;

class IptablesRendererTest {

    private static final ServicePort WEB = ServicePortTest.port("default", "web", "http", Protocol.TCP);

    private final IptablesRenderer renderer = new IptablesRenderer();

    @Test
    void rendersRestoreInputForFreshNode() {
        ServiceRules rules = new ServiceRules(WEB, List.of(
                new WeightedEndpoint("web-1", "10.0.0.1", 8080, 0.5),
                new WeightedEndpoint("web-2", "10.0.0.2", 8080, 0.25),
                new WeightedEndpoint("web-3", "10.0.0.3", 8080, 0.25)));

        String text = IptablesRenderer.restoreInput(List.of(renderer.render(rules)));

        String chain = WEB.edgeplaneChain();
        assertThat(text).isEqualTo("*nat\n"
                + ":" + chain + " - [0:0]\n"
                + "-A " + chain + " -p tcp -m comment --comment \"default/web:http web-1\""
                + " -m statistic --mode random --probability 0.50000000000 -j DNAT --to-destination 10.0.0.1:8080\n"
                + "-A " + chain + " -p tcp -m comment --comment \"default/web:http web-2\""
                + " -m statistic --mode random --probability 0.50000000000 -j DNAT --to-destination 10.0.0.2:8080\n"
                + "-A " + chain + " -p tcp -m comment --comment \"default/web:http web-3\""
                + " -j DNAT --to-destination 10.0.0.3:8080\n"
                + "-I " + WEB.kubeProxyChain() + " 1 -m comment --comment \"edgeplane default/web:http\" -j " + chain + "\n"
                + "COMMIT\n");
    }

    @Test
    void walkOfRenderedTextGivesWeights() {
        double[] weights = {0.37, 0.0, 0.21, 1e-7, 0.18, 0.2399999};
        ServiceRules rules = rules(weights);

        NatTable parsed = NatTable.parse(IptablesRenderer.restoreInput(List.of(renderer.render(rules))));
        Map<String, Double> shares = parsed.walkShares(WEB.edgeplaneChain());

        for (WeightedEndpoint endpoint : rules.endpoints()) {
            assertThat(shares.getOrDefault(endpoint.destination(), 0.0)).as(endpoint.pod())
                    .isCloseTo(endpoint.weight(), within(1e-6));
        }
        assertThat(parsed.rules(WEB.kubeProxyChain())).extracting(NatRule::target)
                .containsExactly(WEB.edgeplaneChain());
    }

    @Test
    void plannedWeightsRenderForEachNode() {
        WeightPlanner planner = new WeightPlanner(WeightPlannerConfig.defaults());
        LinkLatencyTable links = LinkLatencyTable.builder()
                .clientNodes(List.of("node-a", "node-b"))
                .rtt("node-a", "node-b", 8, 0)
                .rtt("node-b", "node-a", 8, 0)
                .build();
        ServiceInput input = new ServiceInput(WEB.service(), List.of(
                new EndpointInput(new Endpoint("web-a", "node-a", "10.0.1.1", 8080, true),
                        new ReplicaObservation(4, 9, 0.0, 1, 200, 1_000, 0)),
                new EndpointInput(new Endpoint("web-b", "node-b", "10.0.2.1", 8080, true),
                        new ReplicaObservation(5, 7, 0.0, 2, 200, 1_000, 0))));
        ServicePlan plan = planner.plan(input, links, 0);

        for (NodeWeights weights : plan.nodeWeights()) {
            RenderedChain chain = renderer.render(ServiceRules.of(WEB, weights));
            Map<String, Double> shares = NatTable.parse(IptablesRenderer.restoreInput(List.of(chain)))
                    .walkShares(chain.chain());

            assertThat(shares.get("10.0.1.1:8080")).as(weights.clientNode())
                    .isCloseTo(weights.weightOf("web-a"), within(1e-9));
            assertThat(shares.get("10.0.2.1:8080")).as(weights.clientNode())
                    .isCloseTo(weights.weightOf("web-b"), within(1e-9));
        }
    }

    @Test
    void zeroWeightEndpointGetsNoRule() {
        RenderedChain chain = renderer.render(rules(new double[] {0.0, 0.6, 0.0, 0.4}));

        assertThat(chain.rules()).extracting(ChainRule::pod).containsExactly("pod-1", "pod-3");
        assertThat(chain.rules().get(1).unconditional()).isTrue();
    }

    @Test
    void singleEndpointGetsOneUnconditionalRule() {
        RenderedChain chain = renderer.render(rules(new double[] {1.0}));

        assertThat(chain.rules()).hasSize(1);
        assertThat(chain.ruleLines().get(0)).doesNotContain("statistic");
    }

    @Test
    void probabilityUsesKernelSteps() {
        RenderedChain chain = renderer.render(rules(new double[] {0.1234567890, 0.8765432110}));

        // 0.123456789 x 2^31 = 265121435.6, which the kernel stores as 265121436.
        assertThat(chain.rules().get(0).probabilityTicks()).isEqualTo(265_121_436L);
        assertThat(chain.rules().get(0).probabilityText()).isEqualTo("0.12345678918");
    }

    @Test
    void serviceWithoutWeightIsRejected() {
        ServiceRules empty = rules(new double[] {0.0, 0.0});

        assertThatThrownBy(() -> renderer.render(empty))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Service default/web:http/TCP has no endpoint with weight; leave it to kube-proxy "
                        + "instead of rendering a chain");
    }

    @Test
    void unnormalisedWeightsAreRejected() {
        assertThatThrownBy(() -> rules(new double[] {0.5, 0.4}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("sum to 0.9");
    }

    static ServiceRules rules(double[] weights) {
        List<WeightedEndpoint> endpoints = new ArrayList<>();
        for (int i = 0; i < weights.length; i++) {
            endpoints.add(new WeightedEndpoint("pod-" + i, "10.0." + (i / 250) + "." + (i % 250 + 1), 8080, weights[i]));
        }
        return new ServiceRules(WEB, endpoints);
    }
}
