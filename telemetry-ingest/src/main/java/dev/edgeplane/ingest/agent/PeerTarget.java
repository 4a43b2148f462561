package dev.edgeplane.ingest.agent;

import java.util.Objects;

import dev.edgeplane.ingest.gateway.KubernetesNames;

/**
 * A node that the agent probes: its Kubernetes node name and the address of the echo responder of
 * the agent on that node, which replies to UDP echo probes and accepts TCP connections on one port.
 *
 * @param node node name, used as the target node of the link-latency events
 * @param host host name or IP address of the node
 * @param port port of the node's echo responder, UDP and TCP
 */
public record PeerTarget(String node, String host, int port) {

    public PeerTarget {
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(host, "host");
        if (node.isBlank() || host.isBlank()) {
            throw new IllegalArgumentException("Invalid peer: node and host must not be blank, got node '" + node
                    + "' and host '" + host + "'.");
        }
        if (!KubernetesNames.isValid(node)) {
            // The gateway would reject every link-latency event that names this node as its target.
            throw new IllegalArgumentException("Invalid peer node name '" + node + "': use the peer's Kubernetes node"
                    + " name, lowercase letters, digits, '-' and '.', starting and ending with a letter or digit.");
        }
        if (port < 1 || port > 65_535) {
            throw new IllegalArgumentException("Invalid port " + port + " of peer " + node + ": use 1 to 65535.");
        }
    }

    /**
     * Parses {@code NODE=HOST:PORT}, such as {@code edge-2=10.0.0.12:7471}. An IPv6 address goes in
     * brackets: {@code edge-2=[fd00::12]:7471}.
     *
     * @throws IllegalArgumentException naming the text and the expected form
     */
    public static PeerTarget parse(String text) {
        String trimmed = text.strip();
        int equals = trimmed.indexOf('=');
        int colon = trimmed.lastIndexOf(':');
        if (equals <= 0 || colon <= equals + 1 || colon == trimmed.length() - 1) {
            throw new IllegalArgumentException("Invalid peer '" + text + "': expected NODE=HOST:PORT, such as"
                    + " edge-2=10.0.0.12:7471.");
        }
        String host = trimmed.substring(equals + 1, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port;
        try {
            port = Integer.parseInt(trimmed.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Invalid port in peer '" + text + "': expected NODE=HOST:PORT with a"
                    + " number from 1 to 65535 as PORT.", e);
        }
        return new PeerTarget(trimmed.substring(0, equals), host, port);
    }
}
