package dev.edgeplane.cli.testbed;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

class ObservedEventsTest {

    private final StringBuilder output = new StringBuilder();
    private final ObservedEvents events = new ObservedEvents(output::toString);

    @Test
    void parsesEveryKind() {
        output.append("Started Kafka broker\n")
                .append("observed node-health 1000 edge-1 HEALTHY\n")
                .append("observed decision 2000 city/web-3 edge-3 DEGRADED_NODE\n")
                .append("observed weights 3000 city/web client 7 web-1=0.25,web-2=0.75\n")
                .append("observed score 3500 city/web-1 edge-1 49.5 403.8\n");

        assertThat(events.latestHealth()).isEqualTo(Map.of("edge-1", "HEALTHY"));
        assertThat(events.decisions()).containsExactly(new ObservedEvents.Decision(2000, "city/web-3", "edge-3",
                "DEGRADED_NODE"));
        assertThat(events.latestWeights("client")).contains(new ObservedEvents.Weights(3000, "city/web", "client", 7,
                Map.of("web-1", 0.25, "web-2", 0.75)));
    }

    @Test
    void partialLineWaitsForItsEnd() {
        output.append("observed node-health 1000 edge-1 HEALTHY\nobserved node-health 2000 edge-1 SUS");

        assertThat(events.health()).hasSize(1);

        output.append("PECT\n");

        assertThat(events.health()).extracting(ObservedEvents.Health::state).containsExactly("HEALTHY", "SUSPECT");
    }

    @Test
    void firstMatchesCountFromTheFault() {
        output.append("observed node-health 1000 edge-3 DEGRADED\n")
                .append("observed decision 1500 city/web-3 edge-3 DEGRADED_NODE\n")
                .append("observed node-health 2000 edge-3 HEALTHY\n")
                .append("observed node-health 3000 edge-3 SUSPECT\n")
                .append("observed decision 3500 city/web-3 edge-3 DEGRADED_NODE\n");

        assertThat(events.firstHealth(2500, h -> !h.state().equals("HEALTHY"))).map(ObservedEvents.Health::timeMs)
                .contains(3000L);
        assertThat(events.firstDecision(2500, "edge-3")).map(ObservedEvents.Decision::timeMs).contains(3500L);
        assertThat(events.firstDecision(2500, "edge-1")).isEmpty();
    }

    @Test
    void emptyWeightSetHasNoPods() {
        output.append("observed weights 3000 city/web client 8 \n");

        assertThat(events.latestWeights("client")).map(ObservedEvents.Weights::byPod).contains(Map.of());
    }
}
