package dev.edgeplane.lb.observe;

/**
 * Address that the data plane sends a pod's requests to, with the pod's readiness.
 *
 * @param ip pod IP address
 * @param port target port, 1 to 65535
 * @param ready whether the endpoint is ready; a not-ready endpoint gets weight 0
 */
public record EndpointAddress(String ip, int port, boolean ready) {
}
