package dev.edgeplane.lb.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.PriorityQueue;

import dev.edgeplane.lb.decide.ReplicaObservation;

/**
 * A discrete-event simulation of one balancer serving one workload. A request travels half its
 * link round trip to the replica, waits for a worker, is served, leaves (late while the replica is
 * slow, at once with an error while it fails), and travels the other half back. Replicas close an
 * observation window and the balancer gets a tick every {@code windowMs}. Responses are
 * never cut short: the timeout only decides whether a request counts as a success. Single-threaded
 * and deterministic; one instance runs once.
 */
final class Simulation {

    static final double TIMEOUT_MS = 1_000;

    private static final int AT_REPLICA = 0;
    private static final int SERVED = 1;
    private static final int DEPARTED = 2;
    private static final int RESPONDED = 3;

    private final Scenario scenario;
    private final Workload workload;
    private final Balancer balancer;
    private final double windowMs;
    private final ReplicaServer[] servers;
    private final PriorityQueue<Event> events = new PriorityQueue<>();
    private long sequence;

    private final int[] replicaOf;
    private final double[] rttOf;
    private final double[] atReplicaMs;
    private final boolean[] failed;
    private final double[] latencyOf;

    private record Event(double timeMs, long sequence, int kind, int request) implements Comparable<Event> {
        @Override
        public int compareTo(Event other) {
            int byTime = Double.compare(timeMs, other.timeMs);
            return byTime != 0 ? byTime : Long.compare(sequence, other.sequence);
        }
    }

    /** @param windowMs length of the replicas' observation windows and of the balancer's tick */
    Simulation(Scenario scenario, Workload workload, Balancer balancer, double windowMs) {
        this.scenario = scenario;
        this.workload = workload;
        this.balancer = balancer;
        this.windowMs = windowMs;
        this.servers = scenario.replicas().stream().map(ReplicaServer::new).toArray(ReplicaServer[]::new);
        int requests = workload.size();
        this.replicaOf = new int[requests];
        this.rttOf = new double[requests];
        this.atReplicaMs = new double[requests];
        this.failed = new boolean[requests];
        this.latencyOf = new double[requests];
    }

    RunResult run() {
        int next = 0;
        double nextTickMs = windowMs;
        while (next < workload.size() || !events.isEmpty()) {
            double arrival = next < workload.size() ? workload.arrivalMs(next) : Double.POSITIVE_INFINITY;
            double event = events.isEmpty() ? Double.POSITIVE_INFINITY : events.peek().timeMs();
            double tick = nextTickMs <= scenario.durationMs() ? nextTickMs : Double.POSITIVE_INFINITY;
            if (tick <= arrival && tick <= event) {
                tick(tick);
                nextTickMs += windowMs;
            } else if (arrival <= event) {
                send(next++, arrival);
            } else {
                handle(events.poll());
            }
        }
        return ResultCollector.collect(scenario, balancer.name(), workload, replicaOf, latencyOf, failed);
    }

    private void send(int request, double nowMs) {
        int client = workload.client(request);
        int replica = balancer.choose(client, readyReplicas(nowMs), nowMs);
        ReplicaSpec spec = servers[replica].spec;
        replicaOf[request] = replica;
        rttOf[request] = scenario.links().rttMs(scenario.clientNodes().get(client), spec.node(), nowMs);
        balancer.onSend(client, replica, nowMs);
        schedule(nowMs + rttOf[request] / 2, AT_REPLICA, request);
    }

    private void handle(Event event) {
        int request = event.request();
        ReplicaServer server = servers[replicaOf[request]];
        double now = event.timeMs();
        switch (event.kind()) {
            case AT_REPLICA -> {
                atReplicaMs[request] = now;
                server.arrived(now);
                if (server.spec.failing().contains(now)) {
                    failed[request] = true;
                    schedule(now + server.spec.failLatencyMs(), DEPARTED, request);
                } else if (server.busyWorkers < server.spec.workers()) {
                    startService(server, request, now);
                } else {
                    server.queue.addLast(request);
                }
            }
            case SERVED -> {
                server.busyWorkers--;
                if (!server.queue.isEmpty()) {
                    startService(server, server.queue.pollFirst(), now);
                }
                double extra = server.spec.slow().contains(now) ? server.spec.slowExtraMs() : 0.0;
                schedule(now + extra, DEPARTED, request);
            }
            case DEPARTED -> {
                server.departed(now, now - atReplicaMs[request], failed[request]);
                schedule(now + rttOf[request] / 2, RESPONDED, request);
            }
            case RESPONDED -> {
                double latency = now - workload.arrivalMs(request);
                latencyOf[request] = latency;
                balancer.onResponse(workload.client(request), replicaOf[request], latency, failed[request], now);
            }
            default -> throw new IllegalStateException("Unknown event kind " + event.kind());
        }
    }

    private void startService(ReplicaServer server, int request, double nowMs) {
        server.busyWorkers++;
        schedule(nowMs + server.spec.serviceMs(workload.serviceDraw(request), nowMs), SERVED, request);
    }

    private void tick(double nowMs) {
        for (ReplicaServer server : servers) {
            server.closeWindow(nowMs, windowMs);
        }
        balancer.onTick(nowMs, new Telemetry() {
            @Override
            public ReplicaObservation observation(int replica) {
                return servers[replica].lastWindow();
            }

            @Override
            public boolean ready(int replica) {
                return servers[replica].spec.ready(nowMs);
            }

            @Override
            public double probeRttMs(int client, int replica) {
                return scenario.links().rttMs(scenario.clientNodes().get(client), servers[replica].spec.node(), nowMs);
            }
        });
    }

    private int[] readyReplicas(double nowMs) {
        List<Integer> ready = new ArrayList<>(servers.length);
        for (int r = 0; r < servers.length; r++) {
            if (servers[r].spec.ready(nowMs)) {
                ready.add(r);
            }
        }
        if (ready.isEmpty()) {
            throw new IllegalStateException("Scenario " + scenario.name() + " has no ready replica at " + nowMs
                    + " ms; every scenario must keep one ready");
        }
        return ready.stream().mapToInt(Integer::intValue).toArray();
    }

    private void schedule(double timeMs, int kind, int request) {
        events.add(new Event(timeMs, sequence++, kind, request));
    }

    static double[] sortedCopy(double[] values) {
        double[] copy = Arrays.copyOf(values, values.length);
        Arrays.sort(copy);
        return copy;
    }
}
