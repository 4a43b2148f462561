package dev.edgeplane.lb.observe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

import dev.edgeplane.event.state.ReplicaScore;
import dev.edgeplane.lb.decide.ReplicaObservation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReplicaScoresTest {

    private static final Instant END = Instant.parse("2026-05-01T10:00:10Z");

    private static ReplicaScore.Builder score() {
        return ReplicaScore.newBuilder()
                .setNamespace("city").setPod("camera-0").setFogService("camera").setNode("edge-1")
                .setWindowStart(END.minusSeconds(10)).setWindowEnd(END)
                .setScore(70.0).setSampleCount(10).setLatencyP95Ms(48.0)
                .setRequestRate(12.5).setErrorRatio(0.02).setMeanInFlight(3.0);
    }

    @Test
    void p95BecomesBothPercentiles() {
        ReplicaObservation observation = ReplicaScores.toObservation(score().build());

        assertThat(observation.latencyMeasured()).isTrue();
        assertThat(observation.p50Ms()).isEqualTo(48.0);
        assertThat(observation.p99Ms()).isEqualTo(48.0);
        assertThat(observation.sampleCount()).isEqualTo(125);
        assertThat(observation.windowMs()).isEqualTo(10_000);
        assertThat(observation.observedAtMs()).isEqualTo(END.toEpochMilli());
        assertThat(observation.errorRate()).isEqualTo(0.02);
        assertThat(observation.inFlight()).isEqualTo(3.0);
    }

    @Test
    void missingP95KeepsFailedRequests() {
        // Every request of the window failed without a response, as a stopped replica's do.
        ReplicaObservation observation = ReplicaScores.toObservation(score().setLatencyP95Ms(null).setErrorRatio(1.0)
                .build());

        assertThat(observation.latencyMeasured()).isFalse();
        assertThat(observation.sampleCount()).isEqualTo(125);
        assertThat(observation.errorRate()).isEqualTo(1.0);
        assertThat(observation.p50Ms()).isZero();
    }

    @Test
    void noRequestsMeansNoSamples() {
        ReplicaObservation observation = ReplicaScores.toObservation(score().setLatencyP95Ms(null).setRequestRate(0.0)
                .build());

        assertThat(observation.latencyMeasured()).isFalse();
        assertThat(observation.sampleCount()).isZero();
    }

    @Test
    void invalidScoresAreRejected() {
        assertThatThrownBy(() -> ReplicaScores.toObservation(score().setWindowStart(END).build()))
                .hasMessageContaining("the end must be after the start");
        assertThatThrownBy(() -> ReplicaScores.toObservation(score().setErrorRatio(1.5).build()))
                .hasMessageContaining("errorRate 1.5 is outside 0..1");
        assertThatThrownBy(() -> ReplicaScores.toObservation(score().setRequestRate(-1).build()))
                .hasMessage("Invalid requestRate -1.0: it must be a finite number of at least 0");
    }

    @Test
    void newerWindowWinsInState() {
        ObservedState state = new ObservedState();
        state.accept(score().setLatencyP95Ms(10.0).build());
        state.accept(score().setLatencyP95Ms(99.0).setWindowStart(END.minusSeconds(20)).setWindowEnd(END.minusSeconds(10)).build());

        assertThat(state.score("city", "camera-0").score().getLatencyP95Ms()).isEqualTo(10.0);
    }

    @Test
    void directoryFileParsesAndRejects(@TempDir Path folder) throws IOException {
        Path good = Files.writeString(folder.resolve("good.txt"), "# pods\ncity/camera-0 10.0.0.1:8080\n\n");
        Path bad = Files.writeString(folder.resolve("bad.txt"), "city/camera-0 10.0.0.1\n");

        assertThat(StaticEndpointDirectory.read(good).lookup("city", "camera-0"))
                .contains(new EndpointAddress("10.0.0.1", 8080, true));
        assertThat(StaticEndpointDirectory.read(good).lookup("city", "camera-1")).isEmpty();
        assertThatThrownBy(() -> StaticEndpointDirectory.read(bad))
                .hasMessage("Invalid address '10.0.0.1' in " + bad + " line 1: use ip:port with a port from 1 to 65535");
    }
}
