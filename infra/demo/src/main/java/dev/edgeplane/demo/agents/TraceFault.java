package dev.edgeplane.demo.agents;

import java.time.Duration;
import java.util.Locale;

import dev.edgeplane.demo.agents.DelayingEchoServer.LinkCondition;
import dev.edgeplane.ingest.simulate.LinkSample;
import dev.edgeplane.ingest.simulate.replay.TraceReplay;

/**
 * A fault taken from a radio-access ping log: the longest run of consecutive one-second samples
 * that were lost or slower than a threshold. While the fault lasts, the faulty node replays that run
 * second by second, from its first sample, and starts it again when it ends, so a fault phase longer
 * than the run still shows only what the network really did.
 *
 * @param replay the loaded traces
 * @param edgeIndex edge node whose access-leg log holds the run, in the mapping of {@link TraceReplay#accessLeg}
 * @param startMs trace time of the run's first sample
 * @param lengthMs length of the run
 * @param lostSamples samples in the run without any answer
 * @param peakRttMicros highest answered round trip in the run, 0 when none was answered
 */
public record TraceFault(TraceReplay replay, int edgeIndex, long startMs, long lengthMs, int lostSamples,
        double peakRttMicros) implements FaultProfile {

    /** Length of one sample of the ping logs, which probed once a second. */
    public static final long SAMPLE_MS = 1_000;

    /**
     * Scans the access legs of edge nodes {@code 0} to {@code edgeLogs - 1} for {@code scan} of trace
     * time and returns the longest run, the earliest on a tie. Blocks while it computes.
     *
     * @param thresholdMicros a sample slower than this counts as bad; use the detector's round-trip limit
     * @param minLength shortest run accepted
     * @throws IllegalArgumentException when no run of at least {@code minLength} exists, naming the fix
     */
    public static TraceFault find(TraceReplay replay, int edgeLogs, Duration scan, double thresholdMicros,
            Duration minLength) {
        TraceFault best = null;
        for (int edge = 0; edge < edgeLogs; edge++) {
            long runStart = -1;
            for (long t = SAMPLE_MS; t <= scan.toMillis() + SAMPLE_MS; t += SAMPLE_MS) {
                LinkSample sample = t <= scan.toMillis() ? replay.accessLeg(edge, t, SAMPLE_MS) : null;
                boolean bad = sample != null && (sample.rttMicros() == null || sample.rttMicros() > thresholdMicros);
                if (bad && runStart < 0) {
                    runStart = t;
                } else if (!bad && runStart >= 0) {
                    long length = t - runStart;
                    if (best == null || length > best.lengthMs()) {
                        best = measure(replay, edge, runStart, length);
                    }
                    runStart = -1;
                }
            }
        }
        if (best == null || best.lengthMs() < minLength.toMillis()) {
            throw new IllegalArgumentException("No latency step or stall of at least " + minLength.toSeconds()
                    + " s above " + Math.round(thresholdMicros / 1_000) + " ms in the first " + scan.toSeconds()
                    + " s of the access-leg ping logs: check the 5g-edge-cloud-ping data set, or run without --traces");
        }
        return best;
    }

    private static TraceFault measure(TraceReplay replay, int edge, long start, long length) {
        int lost = 0;
        double peak = 0;
        for (long t = start; t < start + length; t += SAMPLE_MS) {
            LinkSample sample = replay.accessLeg(edge, t, SAMPLE_MS);
            if (sample.rttMicros() == null) {
                lost++;
            } else {
                peak = Math.max(peak, sample.rttMicros());
            }
        }
        return new TraceFault(replay, edge, start, length, lost, peak);
    }

    @Override
    public LinkCondition at(LinkCondition baseline, long faultElapsedMs) {
        long t = startMs + Math.floorMod(faultElapsedMs, lengthMs);
        LinkSample sample = replay.accessLeg(edgeIndex, t, SAMPLE_MS);
        if (sample == null || sample.rttMicros() == null) {
            return new LinkCondition(baseline.latency(), false);
        }
        return new LinkCondition(Duration.ofNanos(Math.round(sample.rttMicros() * 1_000)), true);
    }

    @Override
    public String description() {
        return String.format(Locale.ROOT, "replayed stall of %d s from the access-leg ping log of edge slot %d at %d s:"
                + " %d samples lost, answered ones up to %.0f ms", lengthMs / 1_000, edgeIndex, startMs / 1_000,
                lostSamples, peakRttMicros / 1_000);
    }
}
