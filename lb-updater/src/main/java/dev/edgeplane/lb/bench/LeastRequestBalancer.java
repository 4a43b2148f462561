package dev.edgeplane.lb.bench;

import java.util.SplittableRandom;

/**
 * Least request with two random choices (power of two choices), as Envoy's LEAST_REQUEST policy
 * does by default. Each client node picks two distinct ready replicas at random and sends to the
 * one with fewer of its own requests outstanding, or to the first on a tie.
 */
final class LeastRequestBalancer extends OutstandingCountingBalancer {

    private final SplittableRandom random;

    LeastRequestBalancer(SplittableRandom random, int clients, int replicas) {
        super(clients, replicas);
        this.random = random;
    }

    @Override
    public String name() {
        return "least-request-p2c";
    }

    @Override
    public int choose(int client, int[] ready, double nowMs) {
        if (ready.length == 1) {
            return ready[0];
        }
        int first = ready[random.nextInt(ready.length)];
        int second = ready[random.nextInt(ready.length - 1)];
        if (second == first) {
            second = ready[ready.length - 1];
        }
        return outstanding(client, second) < outstanding(client, first) ? second : first;
    }
}
