package dev.edgeplane.ingest.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

import dev.edgeplane.ingest.agent.internal.IcmpProcParsers;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Detection against sample procfs files, and once against this process. */
class IcmpAvailabilityTest {

    private static final String ROOT_STATUS = "Name:\tjava\nGid:\t0\t0\t0\t0\nGroups:\t0\nCapEff:\t000001fffeffffff\n";
    private static final String USER_STATUS = "Name:\tjava\nGid:\t1000\t1000\t1000\t1000\nGroups:\t27 1000\n"
            + "CapEff:\t0000000000000400\n";
    private static final String SNMP_HEADER = "Icmp: InMsgs OutMsgs OutEchos OutEchoReps\n";

    @TempDir
    Path procSelf;

    private Path pingGroupRange;
    private final AtomicInteger testEchoes = new AtomicInteger();

    @BeforeEach
    void writePingGroupRange() throws IOException {
        pingGroupRange = procSelf.resolve("ping_group_range");
        Files.writeString(pingGroupRange, "1\t0\n");
        Files.createDirectories(procSelf.resolve("net"));
    }

    private void writeStatus(String status) throws IOException {
        Files.writeString(procSelf.resolve("status"), status);
    }

    private void writeOutEchos(long count) throws IOException {
        Files.writeString(procSelf.resolve("net").resolve("snmp"), SNMP_HEADER + "Icmp: 10 10 " + count + " 0\n");
    }

    @Test
    void missingNetRawTurnsIcmpOff() throws IOException {
        writeStatus(USER_STATUS);
        writeOutEchos(0);

        IcmpAvailability icmp = IcmpAvailability.detect(procSelf, pingGroupRange, testEchoes::incrementAndGet);

        assertThat(icmp.available()).isFalse();
        assertThat(icmp.reason()).startsWith("the process lacks CAP_NET_RAW (CapEff 0000000000000400)");
        assertThat(icmp.reason()).contains("securityContext.capabilities.add: [\"NET_RAW\"]");
        assertThat(icmp.reason()).doesNotContain("ping_group_range");
        assertThat(testEchoes).hasValue(0);
    }

    @Test
    void pingGroupRangeIsExplainedAsNoHelp() throws IOException {
        writeStatus(USER_STATUS);
        Files.writeString(pingGroupRange, "0\t2147483647\n");

        IcmpAvailability icmp = IcmpAvailability.detect(procSelf, pingGroupRange, testEchoes::incrementAndGet);

        assertThat(icmp.available()).isFalse();
        assertThat(icmp.reason()).endsWith("net.ipv4.ping_group_range (0 2147483647) admits group 1000, but the JDK"
                + " does not use ping sockets, so that does not help.");
    }

    @Test
    void netRawAndCountedEchoTurnIcmpOn() throws IOException {
        writeStatus(ROOT_STATUS);
        writeOutEchos(41);

        IcmpAvailability icmp = IcmpAvailability.detect(procSelf, pingGroupRange, () -> {
            testEchoes.incrementAndGet();
            writeOutEchos(42);
        });

        assertThat(icmp.available()).isTrue();
        assertThat(icmp.reason()).isEqualTo("the process has CAP_NET_RAW and a test echo request to 127.0.0.1 went"
                + " out as ICMP.");
        assertThat(testEchoes).hasValue(1);
    }

    @Test
    void uncountedEchoMeansBlockedRawSockets() throws IOException {
        writeStatus(ROOT_STATUS);
        writeOutEchos(41);

        IcmpAvailability icmp = IcmpAvailability.detect(procSelf, pingGroupRange, testEchoes::incrementAndGet);

        assertThat(icmp.available()).isFalse();
        assertThat(icmp.reason()).contains("sent no ICMP echo request (OutEchos in " + procSelf.resolve("net/snmp")
                + " stayed at 41)");
        assertThat(testEchoes).hasValue(1);
    }

    @Test
    void failedTestEchoTurnsIcmpOff() throws IOException {
        writeStatus(ROOT_STATUS);
        writeOutEchos(41);

        IcmpAvailability icmp = IcmpAvailability.detect(procSelf, pingGroupRange, () -> {
            throw new IOException("Can't send ICMP packet");
        });

        assertThat(icmp.available()).isFalse();
        assertThat(icmp.reason()).endsWith("a test echo to 127.0.0.1 failed: Can't send ICMP packet.");
    }

    @Test
    void unreadableStatusTurnsIcmpOff() {
        IcmpAvailability icmp = IcmpAvailability.detect(procSelf, pingGroupRange, testEchoes::incrementAndGet);

        assertThat(icmp.available()).isFalse();
        assertThat(icmp.reason()).startsWith("cannot read the effective capabilities from "
                + procSelf.resolve("status"));
        assertThat(testEchoes).hasValue(0);
    }

    @Test
    void thisProcessWithNetRaw() throws IOException {
        long capabilities = IcmpProcParsers.parseEffectiveCapabilities(Files.readString(Path.of("/proc/self/status")));
        assumeTrue(IcmpProcParsers.hasNetRaw(capabilities), "this process lacks CAP_NET_RAW, so it cannot send ICMP");

        IcmpAvailability icmp = IcmpAvailability.detect();

        assertThat(icmp.available()).as(icmp.reason()).isTrue();
    }
}
