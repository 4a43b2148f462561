package dev.edgeplane.lb.bench;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * The requests of one scenario, drawn once from a seed so that every balancer serves exactly the
 * same requests. Each request has a Poisson arrival time, a client node, and a standard normal
 * draw that fixes its service time on whichever replica serves it. Immutable.
 */
public final class Workload {

    private final double[] arrivalMs;
    private final int[] client;
    private final double[] serviceDraw;

    private Workload(double[] arrivalMs, int[] client, double[] serviceDraw) {
        this.arrivalMs = arrivalMs;
        this.client = client;
        this.serviceDraw = serviceDraw;
    }

    /** Draws the requests of a scenario; the same scenario and seed give the same workload. */
    public static Workload generate(Scenario scenario, long seed) {
        SplittableRandom random = new SplittableRandom(seed * 31 + scenario.name().hashCode());
        int expected = (int) (scenario.requestsPerSecond() * scenario.durationMs() / 1_000 * 1.1) + 16;
        double[] times = new double[expected];
        int[] clients = new int[expected];
        double[] draws = new double[expected];
        double meanGapMs = 1_000.0 / scenario.requestsPerSecond();
        int clientCount = scenario.clientNodes().size();

        int count = 0;
        double time = 0;
        while (true) {
            time += random.nextExponential() * meanGapMs;
            if (time >= scenario.durationMs()) {
                break;
            }
            if (count == times.length) {
                times = Arrays.copyOf(times, count * 2);
                clients = Arrays.copyOf(clients, count * 2);
                draws = Arrays.copyOf(draws, count * 2);
            }
            times[count] = time;
            clients[count] = random.nextInt(clientCount);
            draws[count] = random.nextGaussian();
            count++;
        }
        return new Workload(Arrays.copyOf(times, count), Arrays.copyOf(clients, count),
                Arrays.copyOf(draws, count));
    }

    public int size() {
        return arrivalMs.length;
    }

    public double arrivalMs(int request) {
        return arrivalMs[request];
    }

    public int client(int request) {
        return client[request];
    }

    public double serviceDraw(int request) {
        return serviceDraw[request];
    }
}
