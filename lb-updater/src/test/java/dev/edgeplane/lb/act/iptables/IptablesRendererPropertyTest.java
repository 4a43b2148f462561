package dev.edgeplane.lb.act.iptables;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/** The walk of rendered rules over random weight vectors, with tiny and zero weights mixed in. */
class IptablesRendererPropertyTest {

    private final IptablesRenderer renderer = new IptablesRenderer();

    @Property(tries = 500)
    void walkedSharesMatchWeights(@ForAll("weightVectors") double[] weights) {
        ServiceRules rules = IptablesRendererTest.rules(weights);
        RenderedChain chain = renderer.render(rules);

        NatTable parsed = NatTable.parse(IptablesRenderer.restoreInput(List.of(chain)));
        Map<String, Double> shares = parsed.walkShares(chain.chain());

        for (WeightedEndpoint endpoint : rules.endpoints()) {
            assertThat(shares.getOrDefault(endpoint.destination(), 0.0)).as(endpoint.pod())
                    .isCloseTo(endpoint.weight(), within(1e-6));
        }
        assertThat(shares.values().stream().mapToDouble(Double::doubleValue).sum()).isCloseTo(1.0, within(1e-12));
        assertThat(chain.rules().get(chain.rules().size() - 1).unconditional()).isTrue();
        assertThat(chain.rules()).allSatisfy(rule -> assertThat(rule.probabilityTicks()).isNotZero());
    }

    @Provide
    Arbitrary<double[]> weightVectors() {
        Arbitrary<Double> raw = Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.just(0.0)),
                Tuple.of(2, Arbitraries.doubles().between(1e-12, 1e-6).ofScale(15)),
                Tuple.of(10, Arbitraries.doubles().between(1e-6, 1.0).ofScale(9)));
        return raw.list().ofMinSize(1).ofMaxSize(60)
                .filter(list -> list.stream().mapToDouble(Double::doubleValue).sum() > 0.0)
                .map(list -> {
                    double sum = list.stream().mapToDouble(Double::doubleValue).sum();
                    return list.stream().mapToDouble(value -> value / sum).toArray();
                });
    }
}
