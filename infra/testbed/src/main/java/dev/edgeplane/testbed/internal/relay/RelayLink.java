package dev.edgeplane.testbed.internal.relay;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.concurrent.ThreadLocalRandom;

import dev.edgeplane.testbed.LinkSettings;

/**
 * One link from the relay's point of view: the core-side address it listens on for traffic towards the
 * link's namespace, the namespace's own address, the link's /30 (to tell which link a sender sits
 * behind) and the current settings. Settings change from the control thread and are read by the
 * relay's threads, so they sit in a volatile field and are replaced whole.
 */
final class RelayLink {

    private final String name;
    private final InetAddress relayAddress;
    private final InetAddress targetAddress;
    private final int subnet;
    private final int mask;
    private volatile LinkSettings settings = LinkSettings.NONE;

    RelayLink(String name, InetAddress relayAddress, InetAddress targetAddress, int subnet, int prefix) {
        this.name = name;
        this.relayAddress = relayAddress;
        this.targetAddress = targetAddress;
        this.mask = prefix == 0 ? 0 : -1 << (32 - prefix);
        this.subnet = subnet & mask;
    }

    /**
     * Parses {@code name,relayAddress,targetAddress,subnet/prefix}, the form the testbed passes on
     * the relay's command line.
     */
    static RelayLink parse(String text) {
        String[] parts = text.split(",");
        if (parts.length != 4 || !parts[3].contains("/")) {
            throw new IllegalArgumentException("Invalid link '" + text + "': expected name,relayAddress,targetAddress,"
                    + "subnet/prefix");
        }
        try {
            String[] cidr = parts[3].split("/");
            return new RelayLink(parts[0], InetAddress.getByName(parts[1]), InetAddress.getByName(parts[2]),
                    toInt(InetAddress.getByName(cidr[0])), Integer.parseInt(cidr[1]));
        } catch (UnknownHostException | NumberFormatException e) {
            throw new IllegalArgumentException("Invalid link '" + text + "': " + e.getMessage(), e);
        }
    }

    String name() {
        return name;
    }

    InetAddress relayAddress() {
        return relayAddress;
    }

    InetSocketAddress target(int port) {
        return new InetSocketAddress(targetAddress, port);
    }

    LinkSettings settings() {
        return settings;
    }

    void settings(LinkSettings value) {
        settings = value;
    }

    /** Returns whether {@code address} lies in this link's subnet, that is, behind this link. */
    boolean contains(InetAddress address) {
        return (toInt(address) & mask) == subnet;
    }

    /** Draws one crossing's delay in nanoseconds: the link's delay plus uniform jitter, at least zero. */
    long sampleDelayNanos() {
        LinkSettings now = settings;
        long micros = now.delayMicros();
        if (now.jitterMicros() > 0) {
            micros += ThreadLocalRandom.current().nextLong(-now.jitterMicros(), now.jitterMicros() + 1);
        }
        return Math.max(0, micros) * 1_000;
    }

    /** Draws whether one datagram is lost on this link. */
    boolean dropsDatagram() {
        double loss = settings.lossRatio();
        return loss > 0.0 && ThreadLocalRandom.current().nextDouble() < loss;
    }

    private static int toInt(InetAddress address) {
        byte[] bytes = address.getAddress();
        if (bytes.length != 4) {
            throw new IllegalArgumentException("Address " + address + " is not IPv4; the testbed uses IPv4 only");
        }
        return ((bytes[0] & 0xff) << 24) | ((bytes[1] & 0xff) << 16) | ((bytes[2] & 0xff) << 8) | (bytes[3] & 0xff);
    }
}
