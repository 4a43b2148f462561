package dev.edgeplane.ingest.simulate;

/**
 * What one burst of latency probes over a link measured, modelled or replayed from a trace.
 *
 * @param probeCount   probes sent in the burst
 * @param rttMicros    mean round-trip time of the answered probes, in microseconds; null when none was answered
 * @param jitterMicros mean absolute difference between consecutive round-trip times, in microseconds;
 *                     null when fewer than two were answered
 * @param lossRatio    share of probes without an answer, from 0 to 1
 */
public record LinkSample(int probeCount, Double rttMicros, Double jitterMicros, double lossRatio) {

  public LinkSample {
    if (probeCount < 1 || lossRatio < 0 || lossRatio > 1 || (rttMicros != null && rttMicros < 0)
        || (jitterMicros != null && jitterMicros < 0)) {
      throw new IllegalArgumentException("Invalid link sample: probeCount " + probeCount + ", rttMicros " + rttMicros
          + ", jitterMicros " + jitterMicros + ", lossRatio " + lossRatio);
    }
  }

  /** Returns a burst in which no probe was answered. */
  public static LinkSample allLost(int probeCount) {
    return new LinkSample(probeCount, null, null, 1.0);
  }

  /** Returns this burst with {@code micros} added to every answered round trip. */
  public LinkSample plusMicros(double micros) {
    return rttMicros == null ? this : new LinkSample(probeCount, rttMicros + micros, jitterMicros, lossRatio);
  }
}
