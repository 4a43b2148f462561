package dev.edgeplane.lb.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Turns the per-request outcome of a simulation into a {@link RunResult}. */
final class ResultCollector {

    private ResultCollector() {
    }

    static RunResult collect(Scenario scenario, String balancer, Workload workload, int[] replicaOf,
            double[] latencyOf, boolean[] failed) {
        int requests = workload.size();
        int replicas = scenario.replicas().size();
        Window focus = scenario.focus();
        int focusReplica = scenario.focusReplica();

        int[] perReplica = new int[replicas];
        int successes = 0;
        int focusTotal = 0;
        int focusHits = 0;
        int seconds = (int) Math.max(1, (focus.lengthMs() + 999) / 1_000);
        int[] secondTotal = new int[seconds];
        int[] secondHits = new int[seconds];
        double[] focusLatencies = new double[requests];
        int focusCount = 0;

        for (int i = 0; i < requests; i++) {
            perReplica[replicaOf[i]]++;
            if (!failed[i] && latencyOf[i] <= Simulation.TIMEOUT_MS) {
                successes++;
            }
            double sent = workload.arrivalMs(i);
            if (focus.contains(sent)) {
                boolean hit = replicaOf[i] == focusReplica;
                int second = (int) ((sent - focus.fromMs()) / 1_000);
                focusTotal++;
                focusHits += hit ? 1 : 0;
                secondTotal[second]++;
                secondHits[second] += hit ? 1 : 0;
                focusLatencies[focusCount++] = latencyOf[i];
            }
        }

        double peak = 0;
        for (int s = 0; s < seconds; s++) {
            if (secondTotal[s] > 0) {
                peak = Math.max(peak, (double) secondHits[s] / secondTotal[s]);
            }
        }
        List<Double> shares = new ArrayList<>(replicas);
        for (int count : perReplica) {
            shares.add((double) count / requests);
        }
        double[] sorted = Simulation.sortedCopy(latencyOf);
        Arrays.sort(focusLatencies, 0, focusCount);
        return new RunResult(scenario.name(), balancer, requests,
                RunResult.percentile(sorted, requests, 0.50),
                RunResult.percentile(sorted, requests, 0.99),
                RunResult.percentile(sorted, requests, 0.999),
                (double) successes / requests,
                shares,
                focusTotal == 0 ? 0 : (double) focusHits / focusTotal,
                peak,
                RunResult.percentile(focusLatencies, focusCount, 0.99));
    }
}
