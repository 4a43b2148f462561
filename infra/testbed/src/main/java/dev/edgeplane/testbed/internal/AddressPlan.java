package dev.edgeplane.testbed.internal;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Hands out the testbed's IPv4 addresses from one private range. The lower half of the range
 * contains one /30 per link: the core's end gets the first host address, the other namespace the
 * second. The upper half contains the relay's per-link addresses, counted up from its start, and
 * the service addresses, counted down from its end. Immutable.
 */
public final class AddressPlan {

    private static final Pattern CIDR = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})/(\\d{1,2})");

    private final String cidr;
    private final long base;
    private final long size;

    private AddressPlan(String cidr, long base, long size) {
        this.cidr = cidr;
        this.base = base;
        this.size = size;
    }

    /**
     * Parses {@code cidr}, such as {@code 10.213.0.0/16}, and checks that it is private and large
     * enough for {@code links} links.
     *
     * @throws IllegalArgumentException naming the value and the fix
     */
    public static AddressPlan parse(String cidr, int links) {
        Matcher matcher = CIDR.matcher(cidr.strip());
        if (!matcher.matches()) {
            throw new IllegalArgumentException("Invalid address range '" + cidr + "': give an IPv4 range in CIDR form "
                    + "such as 10.213.0.0/16");
        }
        long address = 0;
        for (int i = 1; i <= 4; i++) {
            int octet = Integer.parseInt(matcher.group(i));
            if (octet > 255) {
                throw new IllegalArgumentException("Invalid address range '" + cidr + "': octet " + octet + " is above 255");
            }
            address = (address << 8) | octet;
        }
        int prefix = Integer.parseInt(matcher.group(5));
        if (prefix < 8 || prefix > 24) {
            throw new IllegalArgumentException("Invalid address range '" + cidr + "': give a prefix length of 8 to 24");
        }
        long size = 1L << (32 - prefix);
        if (address % size != 0) {
            throw new IllegalArgumentException("Invalid address range '" + cidr + "': the address has host bits set; "
                    + "use " + format(address - address % size) + "/" + prefix);
        }
        if (!isPrivate(address, prefix)) {
            throw new IllegalArgumentException("Address range '" + cidr + "' is not private: use a range inside "
                    + "10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16, so the testbed never shadows real hosts");
        }
        long maxLinks = size / 2 / 4;
        if (links > maxLinks) {
            throw new IllegalArgumentException("Address range '" + cidr + "' holds " + maxLinks + " links, but the "
                    + "testbed needs " + links + ": use a shorter prefix");
        }
        return new AddressPlan(cidr.strip(), address, size);
    }

    /** Returns the range as given. */
    public String cidr() {
        return cidr;
    }

    /** Returns the core's address on link {@code link}. */
    public String coreAddress(int link) {
        return format(base + 4L * link + 1);
    }

    /** Returns the address of the namespace at the far end of link {@code link}. */
    public String namespaceAddress(int link) {
        return format(base + 4L * link + 2);
    }

    /** Returns the /30 of link {@code link}, such as {@code 10.213.0.4/30}. */
    public String linkSubnet(int link) {
        return format(base + 4L * link) + "/30";
    }

    /** Returns the core-side address the relay listens on for traffic towards link {@code link}'s namespace. */
    public String relayAddress(int link) {
        return format(base + size / 2 + 1 + link);
    }

    /** Returns service address {@code index}, counted down from the end of the range. */
    public String serviceAddress(int index) {
        return format(base + size - 2 - index);
    }

    private static boolean isPrivate(long address, int prefix) {
        return inside(address, prefix, 0x0A000000L, 8) || inside(address, prefix, 0xAC100000L, 12)
                || inside(address, prefix, 0xC0A80000L, 16);
    }

    private static boolean inside(long address, int prefix, long block, int blockPrefix) {
        return prefix >= blockPrefix && (address >>> (32 - blockPrefix)) == (block >>> (32 - blockPrefix));
    }

    static String format(long address) {
        return ((address >>> 24) & 0xff) + "." + ((address >>> 16) & 0xff) + "." + ((address >>> 8) & 0xff) + "."
                + (address & 0xff);
    }
}
