package dev.edgeplane.demo.replica;

/**
 * A running replica: a pod of a FogService, the node it was bound to, and the loopback address
 * of the server that plays its container.
 *
 * @param namespace namespace of the pod
 * @param pod pod name
 * @param service name of the FogService that owns the pod
 * @param node node the pod is bound to
 * @param ip address of the replica server, 127.0.0.1
 * @param port port of the replica server
 * @param ready whether the pod's Ready condition is true
 */
public record Replica(String namespace, String pod, String service, String node, String ip, int port, boolean ready) {

    /** Returns {@code ip:port}, the endpoint form of the weights topic. */
    public String endpoint() {
        return ip + ":" + port;
    }

    /** Returns {@code namespace/pod}. */
    public String podKey() {
        return namespace + "/" + pod;
    }
}
