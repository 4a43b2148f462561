package dev.edgeplane.testbed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A whole {@link TestbedRun}: the planner, fed only with round trips probed across the emulated
 * links, gives the replica behind the slowed link the smallest weight, the kernel's rules deliver
 * the planned shares, and the mean response time drops against equal shares.
 */
class TestbedRunTest {

    private static final int REQUESTS = 3_000;

    @TempDir
    Path stateDir;

    @BeforeAll
    static void requireNamespaces() {
        Netns.assumeAvailable();
    }

    @Test
    void plannedWeightsAvoidSlowLink() {
        List<String> progress = new ArrayList<>();
        TestbedRun.Report report;
        try (Testbed testbed = Testbed.create(Netns.config(stateDir, 3))) {
            report = TestbedRun.run(testbed, new TestbedRun.Settings(3, REQUESTS, 32, 10_000, 20), progress::add);
        }
        progress.forEach(System.out::println);

        assertThat(report.probedRoundTripMicros().get("web-3")).isGreaterThan(20_000L);
        assertThat(report.plannedWeights().get("web-3")).isLessThan(report.plannedWeights().get("web-1"))
                .isLessThan(report.plannedWeights().get("web-2"));
        assertThat(report.uniform().errors()).isZero();
        assertThat(report.weighted().errors()).isZero();
        // 3,000 requests: 4 points is more than four standard deviations of a share.
        report.plannedWeights().forEach((pod, weight) -> {
            assertThat(report.weighted().share(pod)).as("share of %s", pod).isCloseTo(weight, within(0.04));
            assertThat(report.uniform().share(pod)).as("uniform share of %s", pod).isCloseTo(1.0 / 3, within(0.04));
        });
        assertThat(report.weighted().meanMicros()).isLessThan(report.uniform().meanMicros());
    }
}
