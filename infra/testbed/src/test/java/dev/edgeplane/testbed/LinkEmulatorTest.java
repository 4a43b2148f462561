package dev.edgeplane.testbed;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Round-trip times across an emulated link, measured from the client namespace with real UDP
 * echoes and TCP connections to a replica process in a node namespace. The medians must track the
 * configured delay, also after a change at run time.
 */
class LinkEmulatorTest {

    // Slack for scheduling on a loaded two-core machine, on top of the configured round trip.
    private static final long SLACK_MICROS = 6_000;
    private static final int PROBES = 25;

    @TempDir
    static Path stateDir;

    private static Testbed testbed;
    private static TestbedNamespace node;

    @BeforeAll
    static void createTestbed() {
        Netns.assumeAvailable();
        testbed = Testbed.create(Netns.config(stateDir, 2));
        node = testbed.nodes().get(0);
        Workloads.startReplica(testbed, node, "echo-1", 0);
    }

    @AfterAll
    static void closeTestbed() {
        if (testbed != null) {
            testbed.close();
        }
    }

    @Test
    void roundTripTracksDelayChanges() {
        testbed.setLink(node, LinkSettings.NONE);
        RoundTrips baseline = Workloads.probe(testbed, testbed.client(), node, PROBES, 1_000);
        testbed.setLink(node, LinkSettings.delay(5_000));
        RoundTrips small = Workloads.probe(testbed, testbed.client(), node, PROBES, 1_000);
        testbed.setLink(node, LinkSettings.delay(15_000));
        RoundTrips large = Workloads.probe(testbed, testbed.client(), node, PROBES, 1_000);

        long baseUdp = RoundTrips.median(baseline.udpEchoMicros());
        long smallUdp = RoundTrips.median(small.udpEchoMicros());
        long largeUdp = RoundTrips.median(large.udpEchoMicros());
        long smallTcp = RoundTrips.median(small.tcpEchoMicros());
        long largeTcp = RoundTrips.median(large.tcpEchoMicros());
        System.out.printf("emulator %s; median round trips in µs: UDP echo %d / %d / %d, TCP echo %d / %d / %d,"
                + " TCP connect %d / %d / %d at one-way delay 0 / 5000 / 15000 µs%n", testbed.emulator(),
                baseUdp, smallUdp, largeUdp, RoundTrips.median(baseline.tcpEchoMicros()), smallTcp, largeTcp,
                RoundTrips.median(baseline.tcpConnectMicros()), RoundTrips.median(small.tcpConnectMicros()),
                RoundTrips.median(large.tcpConnectMicros()));

        assertThat(RoundTrips.lossRatio(small.udpEchoMicros())).isZero();
        assertThat(smallUdp).isBetween(10_000L, 10_000L + SLACK_MICROS);
        assertThat(largeUdp).isBetween(30_000L, 30_000L + SLACK_MICROS);
        assertThat(smallTcp).isBetween(10_000L, 10_000L + SLACK_MICROS);
        assertThat(largeTcp).isBetween(30_000L, 30_000L + SLACK_MICROS);
        assertThat(largeUdp - smallUdp).isBetween(20_000L - SLACK_MICROS, 20_000L + SLACK_MICROS);
        if (testbed.emulator() == Emulator.RELAY) {
            // The relay completes the handshake itself, so a bare connect does not cross the link.
            assertThat(RoundTrips.median(large.tcpConnectMicros())).isLessThan(15_000L);
        } else {
            assertThat(RoundTrips.median(large.tcpConnectMicros())).isGreaterThanOrEqualTo(30_000L);
        }
    }

    @Test
    void lossDropsUdpEchoes() {
        testbed.setLink(node, LinkSettings.delay(1_000).withLossRatio(0.3));
        RoundTrips lossy = Workloads.probe(testbed, testbed.client(), node, 40, 200);
        testbed.setLink(node, LinkSettings.NONE);

        // Each echo crosses the link twice, so it returns with probability 0.7 × 0.7 = 0.49.
        assertThat(RoundTrips.lossRatio(lossy.udpEchoMicros())).isBetween(0.25, 0.8);
        if (testbed.emulator() == Emulator.RELAY) {
            assertThat(RoundTrips.lossRatio(lossy.tcpEchoMicros())).isZero();
        }
    }

    @Test
    void jitterSpreadsRoundTrips() {
        testbed.setLink(node, LinkSettings.delay(8_000).withJitterMicros(4_000));
        RoundTrips jittery = Workloads.probe(testbed, testbed.client(), node, PROBES, 1_000);
        testbed.setLink(node, LinkSettings.NONE);

        List<Long> samples = jittery.udpEchoMicros().stream().sorted().toList();
        long spread = samples.get(samples.size() - 3) - samples.get(2);
        assertThat(RoundTrips.median(samples)).isBetween(16_000L - 4_000L, 16_000L + SLACK_MICROS);
        assertThat(spread).isGreaterThan(2_000L);
    }

    @Test
    void downLinkLosesEverything() {
        testbed.setLinkUp(node, false);
        RoundTrips down = Workloads.probe(testbed, testbed.client(), node, 3, 300);
        testbed.setLinkUp(node, true);
        RoundTrips up = Workloads.probe(testbed, testbed.client(), node, 3, 1_000);

        assertThat(RoundTrips.lossRatio(down.udpEchoMicros())).isEqualTo(1.0);
        assertThat(RoundTrips.lossRatio(down.tcpEchoMicros())).isEqualTo(1.0);
        assertThat(RoundTrips.lossRatio(up.udpEchoMicros())).isZero();
    }
}
