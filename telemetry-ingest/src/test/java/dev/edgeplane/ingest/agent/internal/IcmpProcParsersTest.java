package dev.edgeplane.ingest.agent.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class IcmpProcParsersTest {

    /** Status of a root process in a container whose capabilities lack CAP_SYS_RESOURCE only. */
    static final String ROOT_STATUS = """
            Name:\tjava
            Umask:\t0022
            State:\tS (sleeping)
            Uid:\t0\t0\t0\t0
            Gid:\t0\t0\t0\t0
            FDSize:\t256
            Groups:\t0\s
            CapInh:\t0000000000000000
            CapPrm:\t000001fffeffffff
            CapEff:\t000001fffeffffff
            CapBnd:\t000001fffeffffff
            CapAmb:\t0000000000000000
            NoNewPrivs:\t0
            """;

    /** Status of an unprivileged process in groups 1000, 4 and 27, with no capabilities. */
    static final String USER_STATUS = """
            Name:\tjava
            Uid:\t1000\t1000\t1000\t1000
            Gid:\t1000\t1001\t1000\t1000
            Groups:\t4 27 1000\s
            CapInh:\t0000000000000000
            CapPrm:\t0000000000000000
            CapEff:\t0000000000000000
            CapBnd:\t000001ffffffffff
            """;

    /** The head of /proc/net/snmp, with 7 ICMP echo requests sent. */
    static final String SNMP = """
            Ip: Forwarding DefaultTTL InReceives
            Ip: 1 64 3164
            Icmp: InMsgs InErrors InCsumErrors InDestUnreachs InTimeExcds InParmProbs InSrcQuenchs InRedirects InEchos InEchoReps InTimestamps InTimestampReps InAddrMasks InAddrMaskReps OutMsgs OutErrors OutRateLimitGlobal OutRateLimitHost OutDestUnreachs OutTimeExcds OutParmProbs OutSrcQuenchs OutRedirects OutEchos OutEchoReps OutTimestamps OutTimestampReps OutAddrMasks OutAddrMaskReps
            Icmp: 2999 0 0 2989 0 0 0 0 5 5 0 0 0 0 2995 0 0 0 2985 0 0 0 0 7 5 0 0 0 0
            IcmpMsg: InType0 InType3 InType8 OutType0 OutType3 OutType8
            IcmpMsg: 5 2989 5 5 2985 7
            """;

    @Test
    void rootCapabilitiesHaveNetRaw() {
        long capabilities = IcmpProcParsers.parseEffectiveCapabilities(ROOT_STATUS);

        assertThat(capabilities).isEqualTo(0x1fffeffffffL);
        assertThat(IcmpProcParsers.hasNetRaw(capabilities)).isTrue();
    }

    @Test
    void netRawIsBitThirteen() {
        // Docker's default set keeps NET_RAW; a Kubernetes pod that drops ALL and adds NET_BIND_SERVICE
        // has only bit 10.
        assertThat(IcmpProcParsers.hasNetRaw(0x00000000a80425fbL)).isTrue();
        assertThat(IcmpProcParsers.hasNetRaw(1L << 10)).isFalse();
        assertThat(IcmpProcParsers.hasNetRaw(1L << 13)).isTrue();
        assertThat(IcmpProcParsers.hasNetRaw(~(1L << 13))).isFalse();
    }

    @Test
    void userWithoutCapabilities() {
        long capabilities = IcmpProcParsers.parseEffectiveCapabilities(USER_STATUS);

        assertThat(capabilities).isZero();
        assertThat(IcmpProcParsers.hasNetRaw(capabilities)).isFalse();
    }

    @Test
    void groupsAreEffectiveAndSupplementary() {
        assertThat(IcmpProcParsers.parseGroups(USER_STATUS)).containsExactly(1001L, 4L, 27L, 1000L);
        assertThat(IcmpProcParsers.parseGroups(ROOT_STATUS)).containsExactly(0L);
        assertThat(IcmpProcParsers.parseGroups("Gid:\t5\t6\t5\t5\nGroups:\t\n")).containsExactly(6L);
    }

    @Test
    void invalidStatusIsRejected() {
        assertThatThrownBy(() -> IcmpProcParsers.parseEffectiveCapabilities("Name:\tjava\n"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("/proc/self/status: no CapEff line");
        assertThatThrownBy(() -> IcmpProcParsers.parseEffectiveCapabilities("CapEff:\tzz\n"))
                .hasMessage("/proc/self/status: CapEff is not a hexadecimal mask: 'zz'");
        assertThatThrownBy(() -> IcmpProcParsers.parseGroups("Gid:\t5\n"))
                .hasMessageContaining("Gid has 1 values");
    }

    @Test
    void defaultPingGroupRangeAdmitsNoGroup() {
        IcmpProcParsers.GroupRange range = IcmpProcParsers.parsePingGroupRange("1\t0\n");

        assertThat(range.contains(0)).isFalse();
        assertThat(range.contains(1)).isFalse();
    }

    @Test
    void widePingGroupRangeAdmitsEveryGroup() {
        IcmpProcParsers.GroupRange range = IcmpProcParsers.parsePingGroupRange("0\t2147483647\n");

        assertThat(range.contains(0)).isTrue();
        assertThat(range.contains(1001)).isTrue();
    }

    @Test
    void invalidPingGroupRangeIsRejected() {
        assertThatThrownBy(() -> IcmpProcParsers.parsePingGroupRange("1"))
                .hasMessage("/proc/sys/net/ipv4/ping_group_range: expected two group ids, found '1'");
    }

    @Test
    void outEchosFromIcmpLines() {
        assertThat(IcmpProcParsers.parseOutEchos(SNMP)).isEqualTo(7);
    }

    @Test
    void snmpWithoutIcmpIsRejected() {
        assertThatThrownBy(() -> IcmpProcParsers.parseOutEchos("Ip: Forwarding\nIp: 1\n"))
                .hasMessage("/proc/self/net/snmp: no Icmp header and value lines with OutEchos");
    }
}
