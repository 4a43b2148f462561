package dev.edgeplane.demo.agents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import dev.edgeplane.ingest.simulate.CityNode;
import dev.edgeplane.ingest.simulate.CityTopology;
import dev.edgeplane.ingest.simulate.TopologyOptions;
import org.junit.jupiter.api.Test;

class NodeConditionsTest {

    private final CityTopology city = CityTopology.synthetic(new TopologyOptions(TopologyOptions.DEFAULT_SEED, 2, 2, 1));
    private final String client = city.nodes(CityNode.Tier.EDGE).get(0).name();
    private final String other = city.nodes(CityNode.Tier.EDGE).get(3).name();

    @Test
    void modelledLatencyIsTheCitysRoundTripAndAFaultAddsToIt() {
        AtomicLong nanos = new AtomicLong();
        NodeConditions conditions = NodeConditions.withClock(city, client, 7, null, Duration.ZERO, nanos::get);
        Duration modelled = Duration.ofNanos(city.roundTripMicros(city.node(client).orElseThrow(),
                city.node(other).orElseThrow()) * 1_000);

        assertThat(conditions.link(other).latency()).isEqualTo(modelled);
        assertThat(conditions.cpuShare(other)).isBetween(0.15, 0.45);

        conditions.startFault(other, FaultProfile.raisedLatency(Duration.ofMillis(150)));
        assertThat(conditions.link(other).latency()).isEqualTo(modelled.plusMillis(150));
        assertThat(conditions.link(client).latency()).isEqualTo(Duration.ofNanos(city.roundTripMicros(
                city.node(client).orElseThrow(), city.node(client).orElseThrow()) * 1_000));

        conditions.endFault();
        assertThat(conditions.link(other).latency()).isEqualTo(modelled);
    }

    @Test
    void unknownNodesAreNamed() {
        NodeConditions conditions = NodeConditions.modelled(city, client, 7);

        assertThatThrownBy(() -> conditions.link("nowhere")).hasMessageContaining("nowhere");
        assertThatThrownBy(() -> NodeConditions.modelled(city, "nowhere", 7)).hasMessageContaining("nowhere");
    }
}
