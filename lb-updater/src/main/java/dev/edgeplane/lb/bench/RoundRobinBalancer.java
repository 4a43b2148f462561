package dev.edgeplane.lb.bench;

/**
 * Round robin, as IPVS-mode kube-proxy and most proxies do by default: each client node cycles
 * through the ready replicas, starting at its own offset.
 */
final class RoundRobinBalancer implements Balancer {

    private final int[] next;

    RoundRobinBalancer(int clients) {
        next = new int[clients];
        for (int c = 0; c < clients; c++) {
            next[c] = c;
        }
    }

    @Override
    public String name() {
        return "round-robin";
    }

    @Override
    public int choose(int client, int[] ready, double nowMs) {
        int replica = ready[Math.floorMod(next[client], ready.length)];
        next[client]++;
        return replica;
    }
}
