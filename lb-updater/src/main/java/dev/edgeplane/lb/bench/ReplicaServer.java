package dev.edgeplane.lb.bench;

import java.util.ArrayDeque;
import java.util.Arrays;

import dev.edgeplane.lb.decide.ReplicaObservation;

/**
 * The simulated state of one replica: busy workers, the FIFO queue, requests in flight and the
 * statistics of the current window as the replica itself measures them. Latency runs from arrival
 * at the replica to departure, so link round trips are excluded. Confined to the simulation's
 * thread.
 */
final class ReplicaServer {

    final ReplicaSpec spec;
    int busyWorkers;
    final ArrayDeque<Integer> queue = new ArrayDeque<>();

    private int inFlight;
    private double inFlightSince;
    private double inFlightArea;

    private double[] windowLatencies = new double[256];
    private int windowCount;
    private int windowErrors;
    private ReplicaObservation closed;

    ReplicaServer(ReplicaSpec spec) {
        this.spec = spec;
    }

    void arrived(double nowMs) {
        changeInFlight(nowMs, +1);
    }

    void departed(double nowMs, double latencyMs, boolean error) {
        changeInFlight(nowMs, -1);
        if (windowCount == windowLatencies.length) {
            windowLatencies = Arrays.copyOf(windowLatencies, windowCount * 2);
        }
        windowLatencies[windowCount++] = latencyMs;
        windowErrors += error ? 1 : 0;
    }

    /**
     * Closes the window that ends now: p50 and p99 of the latencies of the requests that departed
     * in it, their error rate, and the time-weighted mean of requests in flight.
     */
    void closeWindow(double nowMs, double windowMs) {
        changeInFlight(nowMs, 0);
        double meanInFlight = inFlightArea / windowMs;
        if (windowCount == 0) {
            closed = new ReplicaObservation(0, 0, 0.0, meanInFlight, 0, (long) windowMs, (long) nowMs);
        } else {
            Arrays.sort(windowLatencies, 0, windowCount);
            closed = new ReplicaObservation(percentile(0.50), percentile(0.99), (double) windowErrors / windowCount,
                    meanInFlight, windowCount, (long) windowMs, (long) nowMs);
        }
        windowCount = 0;
        windowErrors = 0;
        inFlightArea = 0;
    }

    ReplicaObservation lastWindow() {
        return closed;
    }

    private double percentile(double quantile) {
        int rank = (int) Math.ceil(quantile * windowCount) - 1;
        return windowLatencies[Math.max(0, rank)];
    }

    private void changeInFlight(double nowMs, int delta) {
        inFlightArea += inFlight * (nowMs - inFlightSince);
        inFlightSince = nowMs;
        inFlight += delta;
    }
}
