package dev.edgeplane.cli.testbed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.edgeplane.testbed.Testbed;
import dev.edgeplane.testbed.TestbedConfig;

/**
 * The control loop across network namespaces with three edge nodes. Telemetry from agent processes
 * reaches the control plane in its own namespace. A link delay and a link loss each lead to
 * detection and a reschedule decision, and a link taken down to UNREACHABLE and weights without the
 * node's replica. A slowed replica process shifts the weights that edgeplane lb apply writes into
 * the client's nat rules, and a stopped replica process loses its weight. Needs root and network
 * namespaces, and is skipped with the reason otherwise.
 */
class NetnsControlLoopTest {

    @TempDir
    static Path stateDir;

    @BeforeAll
    static void requireNamespaces() throws Exception {
        assumeTrue(run("id", "-u").strip().equals("0"), "Skipped: the testbed creates network namespaces, which needs root");
        String probe = "ep-probe" + UUID.randomUUID().toString().substring(0, 6);
        Process add = new ProcessBuilder("ip", "netns", "add", probe).redirectErrorStream(true).start();
        String errors = new String(add.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assumeTrue(add.waitFor(10, TimeUnit.SECONDS) && add.exitValue() == 0,
                "Skipped: network namespaces cannot be created here: " + errors);
        run("ip", "netns", "delete", probe);
    }

    @Test
    void loopReactsToEveryFault() {
        try (Testbed testbed = Testbed.create(TestbedConfig.from(settings()))) {
            NetnsControlLoop loop = startLoop(testbed);
            try {
                NetnsScenario.Report report = NetnsScenario.run(loop, new NetnsScenario.Settings(400_000, 4_000, 1_000,
                        500, 16), System.out::println);

                assertDecision(report.delay());
                NetnsNodeFaults.Report loss = report.loss();
                assertThat(loss.node()).isEqualTo("edge-ap-02");
                assertThat(loss.detectedState()).isNotEqualTo("HEALTHY");
                assertThat(loss.toDetectionMs()).isPositive();
                assertThat(loss.toDecisionMs()).isGreaterThanOrEqualTo(loss.toDetectionMs());
                assertThat(loss.decidedPod()).isEqualTo(TestbedInventory.NAMESPACE + "/web-2");
                NetnsNodeFaults.Report down = report.down();
                assertThat(down.node()).isEqualTo("edge-ap-03");
                assertThat(down.detectedState()).isNotEqualTo("HEALTHY");
                assertThat(down.toUnreachableMs()).isGreaterThanOrEqualTo(down.toDetectionMs());
                assertThat(down.toWeightLossMs()).isPositive();

                NetnsWeightShift.ShiftReport shift = report.shift();
                assertThat(shift.sharesBefore()).containsOnlyKeys("web-1", "web-2", "web-3");
                assertThat(shift.faultToShiftMs()).isPositive();
                assertThat(shift.faultToKernelMs()).isGreaterThanOrEqualTo(shift.faultToShiftMs());
                assertThat(shift.dueShares().get("web-1")).isLessThan(shift.sharesBefore().get("web-1"));
                assertThat(shift.load().errors()).isZero();
                assertThat(shift.load().completed()).isEqualTo(4_000);
                assertThat(shift.samples()).isPositive();
                // 4,000 requests: one binomial standard deviation of a share is at most 0.8 points, so 3 points
                // leave room for the 200 ms between two readings of the rules.
                assertThat(shift.maxShareGap()).isLessThan(0.03);
                assertThat(shift.uniform().completed()).isEqualTo(1_000);
                assertThat(shift.uniform().meanMicros()).isGreaterThan(shift.load().meanMicros());

                NetnsReplicaStop.Report stop = report.stop();
                assertThat(stop.pod()).isEqualTo("web-3");
                assertThat(stop.toZeroWeightMs()).isPositive();
                assertThat(stop.toKernelMs()).isGreaterThanOrEqualTo(stop.toZeroWeightMs());
                assertThat(stop.load().errors()).isZero();
                assertThat(stop.load().share("web-3")).isZero();
            } finally {
                loop.stopCounters();
            }
        }
    }

    private static Map<String, Object> settings() {
        Map<String, Object> settings = new HashMap<>(NetnsControlLoop.testbedSettings());
        settings.put(TestbedConfig.EDGE_NODES, 3);
        settings.put(TestbedConfig.STATE_DIR, stateDir.toString());
        settings.put(TestbedConfig.PROCESS_START_TIMEOUT_MS, 120_000L);
        return settings;
    }

    private static NetnsControlLoop startLoop(Testbed testbed) {
        return NetnsControlLoop.start(testbed, new NetnsControlLoop.Settings(3, 100_000, 0.3, Duration.ofSeconds(120)),
                System.out::println);
    }

    private static void assertDecision(NetnsControlLoop.FaultReport report) {
        assertThat(report.initialHealth()).hasSize(3);
        assertThat(report.detectedState()).isNotEqualTo("HEALTHY");
        assertThat(report.faultToDetectionMs()).isPositive();
        assertThat(report.faultToDecisionMs()).isGreaterThanOrEqualTo(report.faultToDetectionMs());
        assertThat(report.decidedPod()).isEqualTo(TestbedInventory.NAMESPACE + "/web-3");
    }

    private static String run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(List.of(command)).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        process.waitFor(10, TimeUnit.SECONDS);
        return output;
    }
}
