package dev.edgeplane.lb.bench;

import java.util.SplittableRandom;

/** Uniform random choice, as iptables-mode kube-proxy makes per connection. */
final class RandomBalancer implements Balancer {

    private final SplittableRandom random;

    RandomBalancer(SplittableRandom random) {
        this.random = random;
    }

    @Override
    public String name() {
        return "random";
    }

    @Override
    public int choose(int client, int[] ready, double nowMs) {
        return ready[random.nextInt(ready.length)];
    }
}
