package dev.edgeplane.ingest.agent.internal;

import java.util.List;

/**
 * Outcome of one burst of probes to one target.
 *
 * @param sent        probes sent
 * @param rttsMicros  round-trip times of the probes that got a reply, in the order they were sent, in microseconds
 */
public record ProbeBurst(int sent, List<Double> rttsMicros) {

    public ProbeBurst {
        rttsMicros = List.copyOf(rttsMicros);
        if (rttsMicros.size() > sent) {
            throw new IllegalArgumentException(rttsMicros.size() + " replies to " + sent + " probes");
        }
    }

    /** Returns the mean round-trip time of the probes that got a reply, in microseconds, or null when none did. */
    public Double meanRttMicros() {
        if (rttsMicros.isEmpty()) {
            return null;
        }
        double sum = 0;
        for (double rtt : rttsMicros) {
            sum += rtt;
        }
        return sum / rttsMicros.size();
    }

    /**
     * Returns the jitter: the mean absolute difference between the round-trip times of consecutive
     * replied probes, in microseconds, or null when fewer than two probes got a reply. It takes
     * the difference of RFC 3550 but not its smoothing.
     */
    public Double jitterMicros() {
        if (rttsMicros.size() < 2) {
            return null;
        }
        double sum = 0;
        for (int i = 1; i < rttsMicros.size(); i++) {
            sum += Math.abs(rttsMicros.get(i) - rttsMicros.get(i - 1));
        }
        return sum / (rttsMicros.size() - 1);
    }

    /** Returns the share of probes without a reply, from 0.0 to 1.0. */
    public double lossRatio() {
        return sent == 0 ? 0.0 : (double) (sent - rttsMicros.size()) / sent;
    }
}
