package dev.edgeplane.cli;

import java.util.regex.Pattern;

/** Checks a {@code bootstrap.servers} value before a Kafka client is created with it. */
final class BootstrapServers {

    /** A host name, an IPv4 address or a bracketed IPv6 address, then a colon and a port. */
    private static final Pattern ADDRESS = Pattern.compile("(\\[[0-9A-Fa-f:.]+]|[^:\\[\\]\\s,]+):(\\d{1,5})");

    private BootstrapServers() {
    }

    /**
     * Returns the reason {@code value} is not a comma-separated list of {@code HOST:PORT} addresses,
     * or {@code null} if it is one.
     */
    static String invalidReason(String value) {
        for (String address : value.split(",", -1)) {
            var matcher = ADDRESS.matcher(address.trim());
            if (!matcher.matches()) {
                return "'" + address.trim() + "' is not HOST:PORT";
            }
            int port = Integer.parseInt(matcher.group(2));
            if (port < 1 || port > 65535) {
                return "port " + port + " of '" + address.trim() + "' is outside 1-65535";
            }
        }
        return null;
    }
}
