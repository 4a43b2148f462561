package dev.edgeplane.lb.observe;

import dev.edgeplane.event.state.ReplicaScore;
import dev.edgeplane.lb.decide.ReplicaObservation;

/** Maps replica scores to the planner's observations. */
public final class ReplicaScores {

    private ReplicaScores() {
    }

    /**
     * Returns the observation of a score's window. A score carries only a 95th percentile, so it
     * is passed as both median and 99th percentile, as {@link ReplicaObservation} requires of
     * single-percentile sources. Completed requests are the request rate times the window length,
     * failed ones included. A score without a p95 had no response in its window, so its percentiles
     * count as not measured. Its failed requests still count towards the error rate, so that a
     * replica whose every request fails, such as a stopped process, loses its weight.
     *
     * @throws IllegalArgumentException if the window is empty or reversed, or a value is out of
     *     range; the message names the field and value
     */
    public static ReplicaObservation toObservation(ReplicaScore score) {
        long windowStartMs = score.getWindowStart().toEpochMilli();
        long windowEndMs = score.getWindowEnd().toEpochMilli();
        long windowMs = windowEndMs - windowStartMs;
        if (windowMs < 1) {
            throw new IllegalArgumentException("Invalid replica score window " + score.getWindowStart() + " to "
                    + score.getWindowEnd() + ": the end must be after the start");
        }
        double rate = score.getRequestRate();
        if (!(rate >= 0.0) || Double.isInfinite(rate)) {
            throw new IllegalArgumentException("Invalid requestRate " + rate + ": it must be a finite number of at least 0");
        }

        Double p95 = score.getLatencyP95Ms();
        long completed = Math.round(rate * windowMs / 1000.0);
        boolean measured = p95 != null && completed > 0;
        double percentile = measured ? p95 : 0.0;
        return new ReplicaObservation(percentile, percentile, score.getErrorRatio(), score.getMeanInFlight(),
                completed, windowMs, windowEndMs, measured);
    }
}
