package dev.edgeplane.demo.report;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import dev.edgeplane.event.lb.EndpointWeight;
import dev.edgeplane.event.lb.ServiceWeights;

/**
 * Every weight set published during a run, flattened to one sample per endpoint, for the report's
 * weight plot and the summary's "weights shifted" figure. Thread-safe.
 */
public final class WeightHistory {

    /**
     * One endpoint's weight in one published set.
     *
     * @param time when the planner computed the set
     * @param key {@code namespace/service@clientNode}
     * @param endpoint {@code ip:port}
     * @param pod pod of the endpoint
     * @param node node of the endpoint
     * @param weight share of requests from 0.0 to 1.0
     */
    public record Sample(Instant time, String key, String endpoint, String pod, String node, double weight) {
    }

    private final List<Sample> samples = new ArrayList<>();

    /** Adds the samples of one published set. */
    public void add(ServiceWeights weights) {
        String key = weights.getNamespace() + "/" + weights.getService()
                + (weights.getClientNode() == null ? "" : "@" + weights.getClientNode());
        synchronized (samples) {
            for (EndpointWeight endpoint : weights.getEndpoints()) {
                samples.add(new Sample(weights.getComputedTime(), key, endpoint.getEndpoint(), endpoint.getPod(),
                        endpoint.getNode(), endpoint.getWeight()));
            }
        }
    }

    /** Returns every sample, in the order added. */
    public List<Sample> samples() {
        synchronized (samples) {
            return List.copyOf(samples);
        }
    }

    /** Returns the samples of one key, in the order added. */
    public List<Sample> samplesOf(String key) {
        return samples().stream().filter(s -> s.key().equals(key)).toList();
    }

    /**
     * Returns the summed weight that the set of {@code key} in force at {@code time} gives to the
     * endpoints on {@code node}, or NaN when no set was published by then.
     */
    public double weightOnNode(String key, String node, Instant time) {
        Instant latest = null;
        for (Sample sample : samplesOf(key)) {
            if (!sample.time().isAfter(time) && (latest == null || sample.time().isAfter(latest))) {
                latest = sample.time();
            }
        }
        if (latest == null) {
            return Double.NaN;
        }
        double sum = 0.0;
        for (Sample sample : samplesOf(key)) {
            if (sample.time().equals(latest) && sample.node().equals(node)) {
                sum += sample.weight();
            }
        }
        return sum;
    }

    /** Returns the distinct times at which sets of {@code key} were computed, in order. */
    public List<Instant> setTimes(String key) {
        List<Instant> times = new ArrayList<>();
        for (Sample sample : samplesOf(key)) {
            if (times.isEmpty() || !times.get(times.size() - 1).equals(sample.time())) {
                times.add(sample.time());
            }
        }
        return times;
    }
}
