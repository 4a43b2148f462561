package dev.edgeplane.lb.act.iptables;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * An endpoint with the share of a node's new connections it should receive.
 *
 * @param pod pod name, used in the rule comment
 * @param ip IPv4 address of the pod
 * @param port target port, 1 to 65535
 * @param weight share of new connections, 0 to 1
 */
public record WeightedEndpoint(String pod, String ip, int port, double weight) {

    private static final Pattern POD_NAME = Pattern.compile("[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?");
    private static final Pattern IPV4 = Pattern.compile(
            "((25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])\\.){3}(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])");

    public WeightedEndpoint {
        Objects.requireNonNull(pod, "pod");
        Objects.requireNonNull(ip, "ip");
        if (!POD_NAME.matcher(pod).matches()) {
            throw new IllegalArgumentException("Invalid pod name '" + pod
                    + "': Kubernetes names are lower-case letters, digits, dots and inner dashes");
        }
        // NOTE: IPv6 endpoints need ip6tables and bracketed DNAT targets, which the renderer does
        // not produce yet, so they are rejected here instead of producing rules that fail to load.
        if (!IPV4.matcher(ip).matches()) {
            throw new IllegalArgumentException("Invalid endpoint address '" + ip + "' for pod " + pod
                    + ": the iptables renderer takes IPv4 addresses only");
        }
        if (port < 1 || port > 65_535) {
            throw new IllegalArgumentException("Invalid port " + port + " for pod " + pod + ": a port is 1 to 65535");
        }
        if (!(weight >= 0.0 && weight <= 1.0)) {
            throw new IllegalArgumentException("Invalid weight " + weight + " for pod " + pod + ": a weight is 0 to 1");
        }
    }

    /** Returns {@code ip:port}, the DNAT target. */
    public String destination() {
        return ip + ":" + port;
    }
}
