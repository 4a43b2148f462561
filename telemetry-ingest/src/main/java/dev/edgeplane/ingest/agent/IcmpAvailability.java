package dev.edgeplane.ingest.agent;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

import dev.edgeplane.ingest.agent.internal.IcmpProcParsers;
import dev.edgeplane.ingest.agent.internal.IcmpProcParsers.GroupRange;

/**
 * Whether this process can send ICMP echo requests, and why or why not, in words fit for a log line.
 *
 * <p>The agent's ICMP probes use {@link InetAddress#isReachable(int)}. On Linux, OpenJDK 17 opens a
 * raw ICMP socket for it, which needs CAP_NET_RAW. Without that capability it silently connects to
 * TCP port 7 instead and reports a refused connection as reachable, so its result would not be an
 * ICMP round trip. The JDK does not use unprivileged ICMP ("ping") sockets, so a
 * net.ipv4.ping_group_range that admits the agent's group does not help. Both facts were checked
 * with strace against OpenJDK 17.0.15.
 *
 * @param available whether ICMP probes measure ICMP round trips
 * @param reason    why, for example which capability is missing and how to add it
 */
public record IcmpAvailability(boolean available, String reason) {

    private static final int TEST_ECHO_TIMEOUT_MS = 1_000;

    /** A test that sends one ICMP echo request to 127.0.0.1 and waits for the reply. */
    @FunctionalInterface
    interface TestEcho {
        void send() throws IOException;
    }

    /**
     * Checks this process: first the CAP_NET_RAW bit of its effective capabilities. When that bit
     * is set, it checks that one echo request to 127.0.0.1 raises the kernel's count of sent ICMP
     * echo requests, because a security policy such as seccomp or AppArmor can still forbid raw
     * sockets. Blocks for up to a second for that echo.
     */
    public static IcmpAvailability detect() {
        return detect(Path.of("/proc/self"), Path.of("/proc/sys/net/ipv4/ping_group_range"),
                () -> InetAddress.getByAddress("localhost", new byte[] {127, 0, 0, 1}).isReachable(TEST_ECHO_TIMEOUT_MS));
    }

    /**
     * Checks the process whose procfs folder is {@code procSelf}, sending the test echo with
     * {@code testEcho}.
     */
    static IcmpAvailability detect(Path procSelf, Path pingGroupRangeFile, TestEcho testEcho) {
        Path statusFile = procSelf.resolve("status");
        String status;
        long capabilities;
        try {
            status = Files.readString(statusFile);
            capabilities = IcmpProcParsers.parseEffectiveCapabilities(status);
        } catch (IOException | IllegalArgumentException e) {
            return new IcmpAvailability(false, "cannot read the effective capabilities from " + statusFile + " ("
                    + e.getMessage() + "), so CAP_NET_RAW, which ICMP probes need, cannot be confirmed.");
        }

        if (!IcmpProcParsers.hasNetRaw(capabilities)) {
            return new IcmpAvailability(false, "the process lacks CAP_NET_RAW (CapEff "
                    + String.format("%016x", capabilities) + "), which the JDK needs to open a raw ICMP socket. Give"
                    + " the agent that capability: run it as root with the default capability set, or in Kubernetes"
                    + " add it with securityContext.capabilities.add: [\"NET_RAW\"]."
                    + pingGroupNote(status, pingGroupRangeFile));
        }

        return confirmWithTestEcho(procSelf.resolve("net").resolve("snmp"), testEcho);
    }

    private static IcmpAvailability confirmWithTestEcho(Path snmpFile, TestEcho testEcho) {
        long before;
        try {
            before = IcmpProcParsers.parseOutEchos(Files.readString(snmpFile));
        } catch (IOException | IllegalArgumentException e) {
            // NOTE: without the counter a policy that blocks raw sockets goes unnoticed, and the
            // probes would then time TCP connects to port 7.
            return new IcmpAvailability(true, "the process has CAP_NET_RAW; a test echo could not be confirmed"
                    + " because " + snmpFile + " is unreadable (" + e.getMessage() + ").");
        }
        try {
            testEcho.send();
            long after = IcmpProcParsers.parseOutEchos(Files.readString(snmpFile));
            if (after > before) {
                return new IcmpAvailability(true, "the process has CAP_NET_RAW and a test echo request to 127.0.0.1"
                        + " went out as ICMP.");
            }
            return new IcmpAvailability(false, "the process has CAP_NET_RAW, but a test echo to 127.0.0.1 sent no"
                    + " ICMP echo request (OutEchos in " + snmpFile + " stayed at " + before + "), so a security"
                    + " policy such as seccomp or AppArmor forbids raw sockets. Allow raw sockets for the agent.");
        } catch (IOException | IllegalArgumentException e) {
            return new IcmpAvailability(false, "the process has CAP_NET_RAW, but a test echo to 127.0.0.1 failed: "
                    + e.getMessage() + ".");
        }
    }

    /** Explains, when ping_group_range admits the process's group, why that is not enough. */
    private static String pingGroupNote(String status, Path pingGroupRangeFile) {
        try {
            GroupRange range = IcmpProcParsers.parsePingGroupRange(Files.readString(pingGroupRangeFile));
            Set<Long> groups = IcmpProcParsers.parseGroups(status);
            for (long group : groups) {
                if (range.contains(group)) {
                    return " net.ipv4.ping_group_range (" + range.first() + " " + range.last() + ") admits group "
                            + group + ", but the JDK does not use ping sockets, so that does not help.";
                }
            }
            return "";
        } catch (IOException | IllegalArgumentException e) {
            // The note only adds detail to a reason that is complete without it.
            return "";
        }
    }
}
