package dev.edgeplane.demo.load;

import java.time.Instant;
import java.util.Map;

import org.HdrHistogram.Histogram;

/**
 * Measurements of the load generator in one time bucket. Requests count in the bucket they were
 * sent in; response times count in the bucket the response arrived in. Immutable.
 *
 * @param start start of the bucket, inclusive
 * @param end end of the bucket, exclusive
 * @param sent requests sent
 * @param weighted requests whose endpoint was picked by the published weights
 * @param uniform requests whose endpoint was picked uniformly, because no weights existed
 * @param unroutable requests not sent because no endpoint was known
 * @param responses responses received, any status
 * @param errors HTTP 5xx responses plus requests that failed without a response
 * @param sentPerEndpoint requests sent to each endpoint, {@code ip:port}
 * @param responseTimes response times in microseconds; a copy that no one changes
 */
public record LoadBucket(Instant start, Instant end, long sent, long weighted, long uniform, long unroutable,
        long responses, long errors, Map<String, Long> sentPerEndpoint, Histogram responseTimes) {

    public LoadBucket {
        sentPerEndpoint = Map.copyOf(sentPerEndpoint);
    }

    /** Returns the response time at {@code percentile} (0 to 100) in milliseconds, NaN without responses. */
    public double percentileMs(double percentile) {
        return responseTimes.getTotalCount() == 0 ? Double.NaN
                : responseTimes.getValueAtPercentile(percentile) / 1000.0;
    }

    /** Returns the share of sent requests that went to {@code endpoint}, from 0.0 to 1.0; 0.0 when none was sent. */
    public double share(String endpoint) {
        return sent == 0 ? 0.0 : sentPerEndpoint.getOrDefault(endpoint, 0L) / (double) sent;
    }
}
