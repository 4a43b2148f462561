package dev.edgeplane.ingest.agent.internal;

import java.util.Arrays;

/**
 * Response times and outcomes of the probe requests to one replica in the current interval.
 * Thread-safe: HTTP client threads record, the report thread drains.
 */
final class ResponseWindow {

    private double[] responseMillis = new double[16];
    private int responses;
    private long ended;
    private long failed;
    private int inFlight;

    synchronized int inFlight() {
        return inFlight;
    }

    synchronized void started() {
        inFlight++;
    }

    /** Records a request that got an HTTP response, a failure when {@code error} is set. */
    synchronized void responded(double millis, boolean error) {
        inFlight--;
        ended++;
        if (error) {
            failed++;
        }
        if (responses == responseMillis.length) {
            responseMillis = Arrays.copyOf(responseMillis, responses * 2);
        }
        responseMillis[responses++] = millis;
    }

    /** Records a request that got no response: refused, reset or timed out. */
    synchronized void failedWithoutResponse() {
        inFlight--;
        ended++;
        failed++;
    }

    /** Returns the interval's figures and starts a new interval; requests in flight carry over. */
    synchronized Snapshot drain() {
        double[] sorted = Arrays.copyOf(responseMillis, responses);
        Arrays.sort(sorted);
        Snapshot snapshot = new Snapshot(sorted, ended, failed, inFlight);
        responses = 0;
        ended = 0;
        failed = 0;
        return snapshot;
    }

    /**
     * Figures of one interval.
     *
     * @param sortedMillis response times of the requests that got a response, ascending
     * @param ended        requests that ended, with or without a response
     * @param failed       requests that ended with an error status or without a response
     * @param inFlight     requests still waiting at the end of the interval
     */
    record Snapshot(double[] sortedMillis, long ended, long failed, int inFlight) {

        /**
         * Returns the {@code quantile} (0 to 1) of the response times by the nearest-rank method,
         * or null when no request got a response. The agent sends a few requests per interval, so
         * an exact percentile over all of them is cheap and needs no histogram.
         */
        Double percentile(double quantile) {
            if (sortedMillis.length == 0) {
                return null;
            }
            int rank = (int) Math.ceil(quantile * sortedMillis.length);
            return sortedMillis[Math.max(0, Math.min(sortedMillis.length - 1, rank - 1))];
        }
    }
}
