package dev.edgeplane.ingest.agent.internal;

import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Parsers for the procfs files that tell whether this process may send ICMP echo requests, working
 * on file contents so that tests can feed them text. Field layouts follow proc(5), capabilities(7)
 * and the kernel's ip-sysctl documentation. Every parser throws {@link IllegalArgumentException}
 * naming the file and the text it could not read.
 */
public final class IcmpProcParsers {

    /** Bit of CAP_NET_RAW in a capability mask, from linux/capability.h. */
    public static final int CAP_NET_RAW = 13;

    private IcmpProcParsers() {
    }

    /** Returns the effective capability mask, the hexadecimal {@code CapEff} line of /proc/PID/status. */
    public static long parseEffectiveCapabilities(String statusText) {
        String value = statusField(statusText, "CapEff");
        try {
            return Long.parseUnsignedLong(value, 16);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("/proc/self/status: CapEff is not a hexadecimal mask: '" + value + "'");
        }
    }

    /** Returns whether {@code capabilities} contains CAP_NET_RAW. */
    public static boolean hasNetRaw(long capabilities) {
        return (capabilities & (1L << CAP_NET_RAW)) != 0;
    }

    /**
     * Returns the effective group id and the supplementary groups from /proc/PID/status: the
     * second value of {@code Gid} (real, effective, saved, filesystem) and every value of
     * {@code Groups}, which the kernel compares with net.ipv4.ping_group_range.
     */
    public static Set<Long> parseGroups(String statusText) {
        String[] gids = statusField(statusText, "Gid").split("\\s+");
        if (gids.length < 2) {
            throw new IllegalArgumentException("/proc/self/status: Gid has " + gids.length
                    + " values, expected real, effective, saved and filesystem ids");
        }
        Set<Long> groups = new LinkedHashSet<>();
        groups.add(parseId("Gid", gids[1]));
        String supplementary = optionalStatusField(statusText, "Groups");
        if (supplementary != null && !supplementary.isEmpty()) {
            for (String group : supplementary.split("\\s+")) {
                groups.add(parseId("Groups", group));
            }
        }
        return groups;
    }

    /**
     * Group id range of /proc/sys/net/ipv4/ping_group_range, two numbers. A range whose first id
     * is above the last, such as the default {@code 1 0}, admits no group.
     */
    public record GroupRange(long first, long last) {

        public boolean contains(long group) {
            return first <= group && group <= last;
        }
    }

    /** Parses /proc/sys/net/ipv4/ping_group_range. */
    public static GroupRange parsePingGroupRange(String text) {
        String[] ids = text.strip().split("\\s+");
        if (ids.length != 2) {
            throw new IllegalArgumentException("/proc/sys/net/ipv4/ping_group_range: expected two group ids, found '"
                    + text.strip() + "'");
        }
        return new GroupRange(parseId("ping_group_range", ids[0]), parseId("ping_group_range", ids[1]));
    }

    /**
     * Returns the {@code OutEchos} counter of /proc/PID/net/snmp: ICMP echo requests that the
     * network namespace sent. The file has a header line and a value line per protocol.
     */
    public static long parseOutEchos(String snmpText) {
        String[] names = null;
        for (String line : snmpText.split("\n")) {
            if (!line.startsWith("Icmp:")) {
                continue;
            }
            String[] fields = line.substring("Icmp:".length()).strip().split("\\s+");
            if (names == null) {
                names = fields;
                continue;
            }
            for (int i = 0; i < names.length && i < fields.length; i++) {
                if (names[i].equals("OutEchos")) {
                    try {
                        return Long.parseLong(fields[i]);
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException("/proc/self/net/snmp: OutEchos is not a number: '"
                                + fields[i] + "'");
                    }
                }
            }
            break;
        }
        throw new IllegalArgumentException("/proc/self/net/snmp: no Icmp header and value lines with OutEchos");
    }

    private static String statusField(String statusText, String name) {
        String value = optionalStatusField(statusText, name);
        if (value == null) {
            throw new IllegalArgumentException("/proc/self/status: no " + name + " line");
        }
        return value;
    }

    private static String optionalStatusField(String statusText, String name) {
        String prefix = name + ":";
        for (String line : statusText.split("\n")) {
            if (line.startsWith(prefix)) {
                return line.substring(prefix.length()).strip();
            }
        }
        return null;
    }

    private static long parseId(String field, String text) {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(field + ": '" + text + "' is not a group id");
        }
    }
}
