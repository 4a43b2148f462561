package dev.edgeplane.lb.decide;

import java.util.Objects;

/**
 * One endpoint of a service: the pod that serves it, the node the pod runs on, and the address
 * the data plane sends requests to.
 *
 * @param pod pod name, unique within the service
 * @param node node the pod runs on, as named in the link-latency table
 * @param ip pod IP address
 * @param port target port, 1 to 65535
 * @param ready whether Kubernetes reports the endpoint ready; a not-ready endpoint gets weight 0
 */
public record Endpoint(String pod, String node, String ip, int port, boolean ready) {

    public Endpoint {
        Objects.requireNonNull(pod, "pod");
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(ip, "ip");
        if (pod.isEmpty()) {
            throw new IllegalArgumentException("Invalid endpoint: the pod name is empty");
        }
        if (port < 1 || port > 65_535) {
            throw new IllegalArgumentException("Invalid port " + port + " for pod " + pod
                    + ": a port is 1 to 65535");
        }
    }

    /** Returns {@code ip:port}, the address a DNAT rule or a proxy sends requests to. */
    public String address() {
        return ip + ":" + port;
    }
}
